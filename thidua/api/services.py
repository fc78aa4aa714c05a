"""Writes for API tokens: create (the token is returned once, only its hash is kept), revoke,
and the lookup the API's authentication runs on every request.

A user manages their own tokens; an administrator (Role.ADMIN) manages those of the users of the
agencies they administer. Audit events name the token by its prefix, never by its value.
"""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record

from .models import ApiToken, TokenScope
from .selectors import may_create_token_for, may_manage_tokens_of

TOKEN_PREFIX = "td_"  # noqa: S105 (a marker, not a secret)  # nosec B105
VISIBLE_CHARS = 8  # characters of the token kept in clear after TOKEN_PREFIX
MAX_TOKENS_PER_USER = 20
# Writing last_used_at on every call would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _ensure_may_manage(actor, user) -> None:
    if not may_manage_tokens_of(actor, user):
        raise PermissionDenied(_("Bạn không có quyền quản lý khoá truy cập của tài khoản này."))


@transaction.atomic
def token_create(
    *,
    actor,
    user,
    name: str,
    expires_at: dt.datetime | None = None,
    scope: str = TokenScope.READ,
) -> tuple[ApiToken, str]:
    """Create a token for `user` with `scope` (read, or read and write). Returns the row and
    the token, which is never shown again."""
    if not may_create_token_for(actor, user):
        raise PermissionDenied(_("Bạn không có quyền tạo khoá truy cập cho tài khoản này."))
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Phạm vi của khoá không hợp lệ.")})
    from thidua.accounts.otp import has_confirmed_device, otp_required

    own = getattr(actor, "pk", None) == user.pk
    if own and otp_required(user) and not has_confirmed_device(user):
        # A token skips the login's second factor: only once the account has one. (A service
        # account's token is made by an administrator, who passed theirs; the system itself,
        # actor None, is trusted: commands and fixtures.)
        raise ValidationError(
            {
                "name": _(
                    "Vai trò của tài khoản cần xác thực hai bước: hãy bật xác thực hai bước "
                    "trước khi tạo khoá truy cập."
                )
            }
        )
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Phải đặt tên gợi nhớ cho khoá.")})
    if not user.is_active:
        raise ValidationError({"user": _("Tài khoản đã bị khoá, không tạo được khoá truy cập.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("Thời điểm hết hạn phải ở tương lai.")})
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if live.count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            {
                "name": _("Tài khoản đã có %(n)s khoá còn hiệu lực; hãy thu hồi bớt.")
                % {"n": MAX_TOKENS_PER_USER}
            }
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + VISIBLE_CHARS],
        key_hash=hash_token(raw),
        created_by=actor if getattr(actor, "pk", None) else None,
        expires_at=expires_at,
        scope=scope,
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action="api_token.create",
        obj=token,
        object_repr=str(token),
        after={
            "user": user.username,
            "name": name,
            "prefix": token.prefix,
            "expires_at": expires_at,
            "scope": scope,
        },
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> bool:
    """Revoke a token. Returns False when it was already revoked (nothing is written)."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    _ensure_may_manage(actor, token.user)
    if token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    token.revoked_by = actor if getattr(actor, "pk", None) else None
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        object_repr=str(token),
        before={"user": token.user.username, "prefix": token.prefix},
        after={"revoked_at": token.revoked_at},
    )
    return True


def tokens_revoke_all(*, actor, user, reason: str) -> int:
    """Revoke every live token of `user` because their credentials changed (password set or
    reset, account disabled): called by the accounts services inside their transaction, which
    already checked the actor. Returns the number revoked (audited as one event)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("tokens_revoke_all must run inside the caller's transaction")
    live = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    if not live:
        return 0
    now = timezone.now()
    ApiToken.objects.filter(pk__in=[t.pk for t in live]).update(
        revoked_at=now, revoked_by=actor if getattr(actor, "pk", None) else None
    )
    audit_record(
        actor=actor,
        action="api_token.revoke_all",
        obj=user,
        before={"tokens": sorted(t.prefix for t in live)},
        after={"revoked_at": now},
        reason=reason,
    )
    return len(live)


def token_authenticate(raw: str):
    """The active user a presented token belongs to, or None. Records the time of use."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__person")
        .filter(key_hash=hash_token(raw))
        .first()
    )
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    user = token.user
    user.api_token = token
    return user
