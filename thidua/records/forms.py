"""Forms of the yearly records pages: rating, collective findings, facts, withdrawal, import.

Forms only parse what was typed; the services decide (roles, corrections need a reason) and
their ValidationErrors are put back on the form's field by the view.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.org.models import Unit

from .models import DisciplineForm, LeaveKind, Rating, TrainingResult

DATE_WIDGET = {"format": "%d/%m/%Y", "attrs": {"placeholder": "dd/mm/yyyy"}}
YES_NO = [("1", _("Có")), ("0", _("Không"))]


def _date_field(label, required=True):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(**DATE_WIDGET))


class _Ordered(forms.Form):
    """A period whose end may not come before its start."""

    start_key, end_key = "start", "end"

    def clean(self):
        data = super().clean()
        start, end = data.get(self.start_key), data.get(self.end_key)
        if start and end and end < start:
            self.add_error(
                self.end_key,
                _("Ngày kết thúc (%(end)s) trước ngày bắt đầu (%(start)s).")
                % {"end": f"{end:%d/%m/%Y}", "start": f"{start:%d/%m/%Y}"},
            )
        return data


class RatingForm(forms.Form):
    rating = forms.ChoiceField(label=_("Xếp loại"), choices=[("", "—"), *Rating.choices])
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        required=False,
        max_length=1000,
        help_text=_("Bắt buộc khi sửa một xếp loại đã ghi."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current

    def clean(self):
        data = super().clean()
        rating, reason = data.get("rating"), (data.get("reason") or "").strip()
        if self.current is not None and rating and rating != self.current.rating and not reason:
            self.add_error(
                "reason",
                _("Đang có xếp loại %(rating)s: muốn điều chỉnh phải ghi lý do.")
                % {"rating": self.current.rating},
            )
        return data


class CollectiveRecordForm(forms.Form):
    rating = forms.ChoiceField(label=_("Xếp loại tập thể"), choices=[("", "—"), *Rating.choices])
    emulation_effective = forms.TypedChoiceField(
        label=_("Phong trào thi đua thường xuyên, hiệu quả"),
        choices=YES_NO,
        coerce=lambda value: value == "1",
    )
    solidarity = forms.TypedChoiceField(
        label=_("Nội bộ đoàn kết"), choices=YES_NO, coerce=lambda value: value == "1"
    )
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        required=False,
        max_length=1000,
        help_text=_("Bắt buộc khi sửa kết quả đã ghi."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current

    def clean(self):
        data = super().clean()
        if self.current is None or self.errors:
            return data
        changed = any(
            data.get(k) != getattr(self.current, k)
            for k in ("rating", "emulation_effective", "solidarity")
        )
        if changed and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Đã có kết quả của năm: muốn điều chỉnh phải ghi lý do."))
        return data


class DisciplineAddForm(_Ordered):
    start_key, end_key = "period_start", "period_end"
    form = forms.ChoiceField(
        label=_("Hình thức kỷ luật"), choices=[("", "—"), *DisciplineForm.choices]
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decided_on = _date_field(_("Ngày quyết định"))
    period_start = _date_field(_("Thi hành từ ngày"), required=False)
    period_end = _date_field(_("Thi hành đến ngày"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
    duty_related = forms.TypedChoiceField(
        label=_("Vi phạm liên quan đến hoạt động công vụ"),
        required=False,
        choices=[("", _("— Chưa ghi —")), *YES_NO],
        coerce=lambda value: value == "1",
        empty_value=None,
        help_text=_(
            "Từ năm đánh giá 2026, chỉ kỷ luật vì vi phạm liên quan đến hoạt động công vụ "
            "mới bị xếp loại Không hoàn thành nhiệm vụ (Nghị định 335/2025/NĐ-CP)."
        ),
    )

    def __init__(self, *args, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_decided_on(self):
        decided_on = self.cleaned_data["decided_on"]
        if self.year and decided_on.year != self.year:
            raise forms.ValidationError(
                _(
                    "Ngày quyết định %(date)s không thuộc năm %(year)s: "
                    "kỷ luật được tính vào năm ra quyết định."
                )
                % {"date": f"{decided_on:%d/%m/%Y}", "year": self.year}
            )
        return decided_on


class PriorServiceAddForm(_Ordered):
    start = _date_field(_("Làm việc theo hợp đồng từ ngày"))
    end = _date_field(_("Đến ngày"))
    note = forms.CharField(
        label=_("Hợp đồng, ghi chú"),
        max_length=255,
        required=False,
        help_text=_(
            "Thời gian làm việc tại cơ quan theo hợp đồng trước khi được tuyển dụng, liền với "
            "ngày tuyển dụng, được tính vào thời gian công tác trong năm."
        ),
    )


class LeaveAddForm(_Ordered):
    kind = forms.ChoiceField(label=_("Loại nghỉ"), choices=[("", "—"), *LeaveKind.choices])
    start = _date_field(_("Nghỉ từ ngày"))
    end = _date_field(_("Nghỉ đến ngày"))
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class TrainingAddForm(_Ordered):
    name = forms.CharField(label=_("Tên khoá học"), max_length=255, required=False)
    start = _date_field(_("Đào tạo từ ngày"))
    end = _date_field(_("Đào tạo đến ngày"))
    result = forms.ChoiceField(
        label=_("Kết quả đào tạo"),
        required=False,
        choices=[("", _("— Chưa có —")), *TrainingResult.choices],
    )


class ResearchTopicAddForm(forms.Form):
    title = forms.CharField(label=_("Tên đề tài"), max_length=500)
    accepted_on = _date_field(_("Ngày nghiệm thu"), required=False)
    applied = forms.BooleanField(label=_("Đã được áp dụng"), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do huỷ"), max_length=1000)


class OverviewFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Phòng"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("— Tất cả —"),
        to_field_name="code",
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class RecordImportForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Cơ quan"), queryset=Unit.objects.none(), to_field_name="code"
    )
    file = forms.FileField(
        label=_("Tệp dữ liệu (.xlsx hoặc .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies
            if len(agencies) == 1:
                self.fields["agency"].initial = agencies[0].code

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        return uploaded
