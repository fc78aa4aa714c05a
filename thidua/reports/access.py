"""Who sees which reports, statistics and histories (DOMAIN.md §5).

- head, secretariat and administrators of an agency: the office-wide reports, statistics, the
  awards register and the exchange export of their agency;
- a division head: the statistics and the awards history of their own division;
- staff: their own awards history;
- the province board (Role.PROVINCE_BOARD on the province): the statistics of every agency of
  the province (read only);
- another agency's users: nothing.
Every view calls one of these; a refusal raises PermissionDenied (403).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from thidua.accounts.access import AGENCY_MANAGERS, STAFF_EDITORS, has_role, scope_units
from thidua.accounts.models import Role
from thidua.org.models import Person, Unit, UnitKind

REPORT_READERS = AGENCY_MANAGERS
REPORT_WRITERS = STAFF_EDITORS


def refuse(message=None):
    raise PermissionDenied(message or _("Bạn không có quyền xem báo cáo này."))


def managed_agencies(user) -> list[Unit]:
    agencies = []
    for unit in scope_units(user, AGENCY_MANAGERS):
        agency = unit if unit.kind == UnitKind.AGENCY else unit.agency()
        if agency is not None and agency not in agencies:
            agencies.append(agency)
    return agencies


def province_agencies(user) -> list[Unit]:
    """Agencies of the provinces where the user sits on the province board."""
    provinces = [u for u in scope_units(user, [Role.PROVINCE_BOARD]) if u.kind == UnitKind.PROVINCE]
    agencies = []
    for province in provinces:
        agencies += list(
            Unit.objects.subtree(province).filter(kind=UnitKind.AGENCY).order_by("order", "name")
        )
    return agencies


def headed_divisions(user) -> list[Unit]:
    return [u for u in scope_units(user, [Role.DIVISION_HEAD]) if u.kind == UnitKind.DIVISION]


def ensure_report_reader(user, agency: Unit) -> None:
    if not has_role(user, REPORT_READERS, agency):
        refuse()


def ensure_report_writer(user, agency: Unit) -> None:
    if not has_role(user, REPORT_WRITERS, agency):
        refuse(_("Chỉ Thường trực Hội đồng soạn và ban hành báo cáo."))


def stats_scope(user, agency_code: str = "") -> tuple[Unit, Unit | None]:
    """(agency, division or None) the user may see statistics of. Managers and the province
    board see the whole agency (the board picks one with `agency_code`); a division head sees
    their division."""
    allowed = managed_agencies(user) + [
        a for a in province_agencies(user) if a not in managed_agencies(user)
    ]
    if agency_code:
        for agency in allowed:
            if agency.code == agency_code:
                return agency, None
        refuse()
    if allowed:
        return allowed[0], None
    divisions = headed_divisions(user)
    if divisions:
        return divisions[0].agency(), divisions[0]
    refuse()


def stats_agencies(user) -> list[Unit]:
    agencies = managed_agencies(user)
    return agencies + [a for a in province_agencies(user) if a not in agencies]


def can_read_person_history(user, person: Person) -> bool:
    if getattr(user, "person_id", None) == person.pk:
        return True
    if person.agency_id and has_role(user, REPORT_READERS, person.agency):
        return True
    current = person.memberships.filter(end_date__isnull=True).select_related("unit")
    return any(has_role(user, [Role.DIVISION_HEAD], m.unit) for m in current)


def ensure_person_history(user, person: Person) -> None:
    if not can_read_person_history(user, person):
        refuse()


def ensure_unit_history(user, unit: Unit) -> None:
    agency = unit.agency()
    if agency is not None and has_role(user, REPORT_READERS, agency):
        return
    if unit.kind == UnitKind.DIVISION and has_role(user, [Role.DIVISION_HEAD], unit):
        return
    refuse()
