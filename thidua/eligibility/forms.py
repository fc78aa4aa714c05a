"""Forms of the eligibility pages: the office table's year and filters, the decision date."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.rules.codes import INDIVIDUAL_TITLES, TITLE_NAMES, UPWARD_SCREENINGS
from thidua.rules.money import FIRST_DECISION_DATE

from .selectors import STATUS_CSTDCS_UNREGISTERED, STATUS_REGISTERED_INELIGIBLE

MIN_YEAR, MAX_YEAR = 1990, 2100


class OfficeFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    division = forms.ModelChoiceField(
        label=_("Phòng"),
        queryset=None,
        required=False,
        empty_label=_("Tất cả"),
        to_field_name="code",
    )
    title = forms.ChoiceField(label=_("Đủ điều kiện danh hiệu"), required=False)
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            (STATUS_CSTDCS_UNREGISTERED, _("Đủ điều kiện CSTĐCS nhưng chưa đăng ký")),
            (STATUS_REGISTERED_INELIGIBLE, _("Đã đăng ký nhưng không đủ điều kiện")),
        ],
    )
    q = forms.CharField(label=_("Tìm theo tên hoặc mã"), required=False, max_length=100)

    def __init__(self, data=None, *, divisions):
        data = data.copy() if data is not None else {}
        if not data.get("year"):
            data["year"] = str(timezone.localdate().year)
        super().__init__(data)
        self.fields["division"].queryset = divisions
        self.fields["title"].choices = [("", _("Tất cả"))] + [
            (code, TITLE_NAMES[code]) for code in (*INDIVIDUAL_TITLES, *UPWARD_SCREENINGS)
        ]


class DecisionDateForm(forms.Form):
    """``?ngay-quyet-dinh=dd/mm/yyyy``: compute the reward money as of that decision."""

    decision_date = forms.DateField(
        label=_("Ngày quyết định khen thưởng"),
        required=False,
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def __init__(self, data=None):
        bound = {}
        if data is not None and data.get("ngay-quyet-dinh"):
            bound["decision_date"] = data["ngay-quyet-dinh"]
        super().__init__(bound or None)

    def clean_decision_date(self):
        value: dt.date | None = self.cleaned_data["decision_date"]
        if value is not None and value < FIRST_DECISION_DATE:
            raise forms.ValidationError(
                _("Ngày quyết định trước %(first)s: không có mức lương cơ sở áp dụng.")
                % {"first": FIRST_DECISION_DATE.strftime("%d/%m/%Y")}
            )
        return value
