"""Forms for the organisation pages: people filter, transfer and import upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Gender, ImportKind, Unit


class PeopleFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo tên hoặc mã cán bộ"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("vd. nguyen van an"), "type": "search"}),
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("— Tất cả —"),
        to_field_name="code",
    )
    gender = forms.ChoiceField(
        label=_("Giới tính"), required=False, choices=[("", _("— Tất cả —")), *Gender.choices]
    )
    active = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[("1", _("Đang công tác")), ("0", _("Đã nghỉ")), ("all", _("Tất cả"))],
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label=_("Chuyển đến đơn vị"), queryset=Unit.objects.none(), to_field_name="code"
    )
    position = forms.CharField(label=_("Chức vụ tại đơn vị mới"), max_length=150, required=False)
    on_date = forms.DateField(
        label=_("Từ ngày"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    reason = forms.CharField(label=_("Lý do, căn cứ (số quyết định)"), max_length=255)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["to_unit"].queryset = units


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại dữ liệu"), choices=ImportKind.choices, initial=ImportKind.STAFF
    )
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
