"""The token pages (/api/khoa/): a user's own API tokens, and for an administrator those of the
agency's users. Creating shows the token once, in the response to the POST; only its hash is
kept. Actions are POST-only with CSRF; the services check who may do what."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.access import has_role
from thidua.accounts.models import Role

from . import selectors, services
from .forms import TokenCreateForm
from .models import ApiToken


def _service_accounts(user):
    if not has_role(user, [Role.ADMIN]):
        return None
    return selectors.administered_users(user).filter(person__isnull=True, is_active=True)


def _page(request, form, created=None, raw=None, status=200):
    tokens = selectors.visible_tokens(request.user).order_by("revoked_at", "-created_at", "-id")
    own = [t for t in tokens if t.user_id == request.user.pk]
    others = [t for t in tokens if t.user_id != request.user.pk]
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "own": own,
            "others": others,
            "is_admin": has_role(request.user, [Role.ADMIN]),
            "created": created,
            "raw_token": raw,
        },
        status=status,
    )


@login_required
def token_list(request):
    return _page(request, TokenCreateForm(service_accounts=_service_accounts(request.user)))


@login_required
@require_POST
def token_create(request):
    form = TokenCreateForm(request.POST, service_accounts=_service_accounts(request.user))
    if not form.is_valid():
        return _page(request, form, status=400)
    days = int(form.cleaned_data["lifetime"])
    expires_at = timezone.now() + dt.timedelta(days=days) if days else None
    owner = form.cleaned_data.get("user") or request.user
    try:
        token, raw = services.token_create(
            actor=request.user,
            user=owner,
            name=form.cleaned_data["name"],
            expires_at=expires_at,
            scope=form.cleaned_data["scope"],
        )
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return _page(request, form, status=400)
    # Rendered, not redirected: the token exists only in this response.
    return _page(
        request,
        TokenCreateForm(service_accounts=_service_accounts(request.user)),
        created=token,
        raw=raw,
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = ApiToken.objects.select_related("user").filter(pk=pk).first()
    if token is None:
        raise Http404
    if not selectors.may_manage_tokens_of(request.user, token.user):
        raise PermissionDenied(_("Bạn không có quyền truy cập trang này."))
    if services.token_revoke(actor=request.user, token=token):
        messages.success(request, _("Đã thu hồi khoá %(prefix)s…") % {"prefix": token.prefix})
    return redirect("api:token_list")
