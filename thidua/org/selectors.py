"""Reads for the organisation, always filtered by what the user may see."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from thidua.accounts.access import AGENCY_MANAGERS, active_assignments, scope_units, subtree_q
from thidua.accounts.models import Role
from thidua.core.text import fold

from .models import Membership, Person, Unit, UnitKind


def visible_units(user) -> QuerySet[Unit]:
    """Units of every agency the user works in or holds a role in (and for a province role,
    the whole province)."""
    roots = []
    for assignment in active_assignments(user):
        unit = assignment.unit
        roots.append(unit if unit.kind == UnitKind.PROVINCE else (unit.agency() or unit))
    person = getattr(user, "person", None)
    if person is not None:
        roots.append(person.agency)
    if not roots:
        return Unit.objects.none()
    return Unit.objects.filter(subtree_q(roots))


def current_membership_prefetch():
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(end_date__isnull=True).select_related("unit"),
        to_attr="current_memberships",
    )


def visible_people(user) -> QuerySet[Person]:
    """People the user may read: a whole agency for its head, secretariat and administrators;
    the people currently in their division for a division head; always their own record."""
    condition = Q(pk__in=[])
    managers = scope_units(user, AGENCY_MANAGERS)
    if managers:
        condition |= subtree_q(managers, "agency__path")
    heads = scope_units(user, [Role.DIVISION_HEAD])
    if heads:
        condition |= Q(
            memberships__end_date__isnull=True,
            memberships__unit__in=Unit.objects.filter(subtree_q(heads)),
        )
    if getattr(user, "person_id", None):
        condition |= Q(pk=user.person_id)
    return Person.objects.filter(condition).distinct()


def people_search(
    user, *, query: str = "", unit: Unit | None = None, gender: str = "", active: str = "1"
) -> QuerySet[Person]:
    people = visible_people(user)
    folded = fold(query)
    if folded:
        people = people.filter(
            Q(search_name__contains=folded) | Q(staff_code__iexact=query.strip())
        )
    if unit is not None:
        people = people.filter(
            memberships__end_date__isnull=True,
            memberships__unit__in=Unit.objects.subtree(unit),
        )
    if gender:
        people = people.filter(gender=gender)
    if active in ("0", "1"):
        people = people.filter(is_active=active == "1")
    return people.select_related("agency").prefetch_related(current_membership_prefetch())


def current_membership(person: Person) -> Membership | None:
    return person.memberships.filter(end_date__isnull=True).select_related("unit").first()


def membership_on(person: Person, on_date) -> Membership | None:
    """The membership in force on a date (the division a person belonged to then)."""
    return (
        person.memberships.filter(start_date__lte=on_date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on_date))
        .select_related("unit")
        .first()
    )


def person_roles(person: Person) -> list:
    """The roles in force of the person's login, if there is one."""
    from thidua.accounts.models import RoleAssignment

    today = timezone.localdate()
    return list(
        RoleAssignment.objects.filter(user__person=person, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("unit")
        .order_by("role")
    )


def unit_current_members(unit: Unit) -> QuerySet[Membership]:
    today = timezone.localdate()
    return (
        Membership.objects.filter(unit=unit, end_date__isnull=True, start_date__lte=today)
        .select_related("person")
        .order_by("person__search_name")
    )


def unit_tree(units) -> list[tuple[Unit, int]]:
    """Units in tree order with their depth relative to the shallowest one shown."""
    units = sorted(units, key=lambda u: (u.path.count("/"), u.order, u.name))
    by_parent: dict[int | None, list[Unit]] = {}
    ids = {u.pk for u in units}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        by_parent.setdefault(parent, []).append(unit)
    out: list[tuple[Unit, int]] = []

    def walk(parent, depth):
        for child in by_parent.get(parent, []):
            out.append((child, depth))
            walk(child.pk, depth + 1)

    walk(None, 0)
    return out
