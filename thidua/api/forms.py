"""Form of the token page: a name, a lifetime and, for an administrator, the account."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TokenScope

LIFETIMES = [
    ("90", _("90 ngày")),
    ("365", _("1 năm")),
    ("0", _("Không hết hạn")),
]


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        help_text=_("Ví dụ: Đồng bộ phần mềm quản lý nhân sự."),
    )
    lifetime = forms.ChoiceField(label=_("Thời hạn"), choices=LIFETIMES, initial="365")
    scope = forms.ChoiceField(
        label=_("Phạm vi"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        required=False,
        help_text=_("Khoá chỉ đọc không thay đổi được dữ liệu, dù tài khoản có quyền ghi."),
    )
    user = forms.ModelChoiceField(
        label=_("Cho tài khoản"),
        queryset=None,
        required=False,
        empty_label=_("Tài khoản của tôi"),
        help_text=_("Quản trị viên tạo khoá cho tài khoản dịch vụ (không gắn với cán bộ)."),
    )

    def clean_scope(self):
        return self.cleaned_data.get("scope") or TokenScope.READ

    def __init__(self, *args, service_accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if service_accounts is None:
            del self.fields["user"]
        else:
            self.fields["user"].queryset = service_accounts
            self.fields["user"].label_from_instance = lambda u: u.username
