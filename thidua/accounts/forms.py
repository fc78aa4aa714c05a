"""Login and password forms with Vietnamese labels."""

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: chữ hoa và chữ thường được phân biệt."
        ),
        "inactive": _("Tài khoản này đã bị khoá."),
        "dormant": _(
            "Tài khoản đã bị khoá vì không đăng nhập quá %(days)d ngày. Liên hệ quản trị hệ "
            "thống của cơ quan để mở lại."
        ),
    }

    def confirm_login_allowed(self, user):
        """Also refuse, and disable, an account unused for THIDUA_INACTIVE_DAYS days."""
        from django.conf import settings

        from . import services

        super().confirm_login_allowed(user)
        if services.is_inactive_too_long(user):
            services.user_disable_inactive(actor=None, user=user)
            raise forms.ValidationError(
                self.error_messages["dormant"],
                code="dormant",
                params={"days": settings.THIDUA_INACTIVE_DAYS},
            )


class ChangePasswordForm(PasswordChangeForm):
    pass


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
        error_messages={
            "required": _("Nhập mã 6 chữ số từ ứng dụng xác thực."),
            "min_length": _("Mã xác thực có đúng 6 chữ số."),
            "max_length": _("Mã xác thực có đúng 6 chữ số."),
        },
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Mã xác thực chỉ gồm chữ số."))
        return token


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Cần nêu lý do.")},
    )


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("Thư điện tử của tài khoản"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class ResetSetPasswordForm(SetPasswordForm):
    pass
