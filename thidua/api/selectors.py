"""Reads for API tokens: whose tokens a user may see and revoke."""

from django.db.models import Q, QuerySet

from thidua.accounts.access import has_role, scope_units, subtree_q
from thidua.accounts.models import Role, User

from .models import ApiToken


def administered_users(actor) -> QuerySet[User]:
    """Users of the agencies where `actor` is an administrator: people of the agency and
    accounts holding a role there (a service account for the HR system has no person)."""
    units = scope_units(actor, [Role.ADMIN])
    if not units:
        return User.objects.none()
    agencies = [u.agency() or u for u in units]
    condition = subtree_q(agencies, "person__agency__path") | subtree_q(
        agencies, "role_assignments__unit__path"
    )
    return User.objects.filter(condition).distinct()


def may_manage_tokens_of(actor, user) -> bool:
    if actor is None:
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    if actor.pk == user.pk:
        return True
    return has_role(actor, [Role.ADMIN]) and administered_users(actor).filter(pk=user.pk).exists()


def may_create_token_for(actor, user) -> bool:
    """Users create their own tokens. An administrator creates tokens for the agency's service
    accounts (accounts not linked to a person, such as the HR system's): creating one for a
    colleague would let the administrator act as that colleague."""
    if actor is None:
        return True
    if getattr(actor, "pk", None) == user.pk:
        return True
    return user.person_id is None and may_manage_tokens_of(actor, user)


def visible_tokens(actor) -> QuerySet[ApiToken]:
    """The actor's own tokens, and for an administrator those of the agency's users."""
    condition = Q(user=actor)
    if has_role(actor, [Role.ADMIN]):
        condition |= Q(user__in=administered_users(actor).values("pk"))
    return ApiToken.objects.filter(condition).select_related("user", "created_by", "revoked_by")
