"""Login (password, then a one-time code for users with a device), logout, password change and
reset by e-mail, the second-factor setup page and an administrator's reset of a user's device."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from thidua.core.audit import audit_record

from . import services
from .access import has_role
from .forms import (
    ChangePasswordForm,
    LoginForm,
    ReasonForm,
    ResetRequestForm,
    ResetSetPasswordForm,
    TokenForm,
)
from .models import Role, User
from .otp import confirmed_device, otp_required, qr_svg, secret_text, setup_device

# A password accepted but no code yet: the user is NOT logged in until the code is right.
PENDING_KEY = "thidua_otp_pending"
PENDING_SECONDS = 5 * 60
PENDING_MAX_FAILURES = 5


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "since": time.time(),
            "failures": 0,
        }
        return redirect("accounts:otp_verify")


class LogoutView(auth_views.LogoutView):
    pass


def _pending_user(request):
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("since", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


def _safe_next(request, target):
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters()
@never_cache
def otp_verify(request):
    """Second step of the login: the code from the user's authenticator app."""
    if request.user.is_authenticated:
        if request.user.is_verified() or confirmed_device(request.user) is None:
            return redirect(settings.LOGIN_REDIRECT_URL)
        user, pending = request.user, None
    else:
        user, pending = _pending_user(request)
        if user is None:
            return redirect_to_login(reverse(settings.LOGIN_REDIRECT_URL))
    device = confirmed_device(user)
    if device is None:  # reset meanwhile by an administrator: log in with the password again
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _detail = device.verify_is_allowed()
        with transaction.atomic():
            verified = device.verify_token(form.cleaned_data["token"])
        if verified:
            if pending is not None:
                request.session.pop(PENDING_KEY, None)
                user.otp_device = device  # django-otp stores it in the session at login
                auth_login(request, user, backend=pending["backend"])
                return redirect(_safe_next(request, pending.get("next")))
            from django_otp import login as otp_login

            otp_login(request, device)
            return redirect(settings.LOGIN_REDIRECT_URL)
        if not allowed:
            form.add_error(None, _("Đã nhập sai nhiều lần. Chờ ít giây rồi thử lại."))
        else:
            form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
        if pending is not None:
            pending["failures"] = pending.get("failures", 0) + 1
            if pending["failures"] >= PENDING_MAX_FAILURES:
                request.session.pop(PENDING_KEY, None)
                messages.error(request, _("Nhập sai mã quá nhiều lần. Hãy đăng nhập lại."))
                return redirect("accounts:login")
            request.session[PENDING_KEY] = pending
    return render(request, "accounts/otp_verify.html", {"form": form, "account": user})


@sensitive_post_parameters()
@never_cache
@login_required
def otp_setup(request):
    """The account's second factor: set it up (QR code and secret, confirm with a first code),
    see that it is on, or turn it off when the user's roles do not require it."""
    user = request.user
    required = otp_required(user)
    device = confirmed_device(user)
    if device is not None:
        return render(
            request,
            "accounts/otp_setup.html",
            {"enabled": True, "required": required, "form": TokenForm()},
        )
    pending = setup_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.otp_confirm(actor=user, device=pending, token=form.cleaned_data["token"]):
            from django_otp import login as otp_login

            otp_login(request, pending)
            messages.success(request, _("Đã bật xác thực hai bước."))
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "enabled": False,
            "required": required,
            "form": form,
            "qr": qr_svg(pending, _("Mã QR để thêm tài khoản vào ứng dụng xác thực")),
            "secret": secret_text(pending),
        },
    )


@sensitive_post_parameters()
@require_POST
@login_required
def otp_disable(request):
    form = TokenForm(request.POST)
    if otp_required(request.user):
        raise PermissionDenied(_("Vai trò của bạn bắt buộc xác thực hai bước."))
    if form.is_valid() and services.otp_disable(
        actor=request.user, user=request.user, token=form.cleaned_data["token"]
    ):
        messages.success(request, _("Đã tắt xác thực hai bước."))
    else:
        messages.error(request, _("Mã xác thực không đúng hoặc đã hết hạn; chưa tắt."))
    return redirect("accounts:otp_setup")


@login_required
def otp_reset(request, pk):
    """An administrator removes a user's authenticator (lost or replaced phone), with a reason."""
    target = get_object_or_404(User.objects.select_related("person"), pk=pk)
    unit = target.person.agency if target.person_id else None
    if not has_role(request.user, [Role.ADMIN], unit):
        raise PermissionDenied(_("Bạn không có quyền truy cập trang này."))
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.otp_reset(actor=request.user, user=target, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(
                request,
                _("Đã đặt lại xác thực hai bước của %(user)s.") % {"user": target.username},
            )
            return redirect("admin:accounts_user_change", target.pk)
    return render(
        request,
        "accounts/otp_reset.html",
        {"form": form, "target": target, "has_device": confirmed_device(target) is not None},
    )


@sensitive_post_parameters()
@login_required
def password_change(request):
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_set(
            actor=request.user, user=request.user, password=form.cleaned_data["new_password1"]
        )
        request.user.refresh_from_db()
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Đã đổi mật khẩu."))
        return redirect("core:home")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "forced": request.user.must_change_password},
    )


# --- Password reset by e-mail (Django's views, Vietnamese pages and mail) ----------------------


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ResetSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            user = User.objects.get(pk=form.user.pk)
            if user.must_change_password:
                user.must_change_password = False
                user.save(update_fields=["must_change_password"])
            audit_record(actor=user, action="user.password_reset_email", obj=user)
            services.revoke_api_tokens(actor=user, user=user, reason="Mật khẩu đã được đặt lại.")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
