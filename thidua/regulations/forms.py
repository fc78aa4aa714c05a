"""Forms of the regulations library: search filters, adding a document, correcting one."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Kind, Regime, Regulation, Scope, Status
from .services import check_regulation_file

DATE = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
ALL = [("", _("Tất cả"))]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm trong số hiệu, trích yếu và nội dung"), required=False, max_length=200
    )
    kind = forms.ChoiceField(label=_("Loại văn bản"), required=False, choices=ALL + Kind.choices)
    regime = forms.ChoiceField(
        label=_("Chế độ pháp lý"),
        required=False,
        choices=ALL + [(v, label) for v, label in Regime.choices if v],
    )
    scope = forms.ChoiceField(label=_("Phạm vi"), required=False, choices=ALL + Scope.choices)
    status = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=ALL + Status.choices)


class RegulationForm(forms.Form):
    target = forms.ChoiceField(label=_("Phạm vi áp dụng"))
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=Kind.choices)
    number = forms.CharField(
        label=_("Số, ký hiệu"),
        required=False,
        max_length=60,
        help_text=_("Ví dụ: 91/2017/NĐ-CP; để trống nếu văn bản không có số."),
    )
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DATE)
    effective_from = forms.DateField(label=_("Hiệu lực từ ngày"), required=False, widget=DATE)
    effective_to = forms.DateField(label=_("Hiệu lực đến ngày"), required=False, widget=DATE)
    regime = forms.ChoiceField(label=_("Chế độ pháp lý"), required=False, choices=Regime.choices)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=Status.choices)
    replaced_by = forms.ModelChoiceField(
        label=_("Được thay thế bởi"), required=False, queryset=Regulation.objects.none()
    )
    summary = forms.CharField(
        label=_("Nội dung chính"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label=_("Tệp văn bản (PDF hoặc DOCX; tối đa 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )

    def __init__(self, *args, targets=(), candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {}
        choices = []
        for scope, unit in targets:
            key = scope if unit is None else f"{scope}:{unit.pk}"
            self.targets[key] = (scope, unit)
            label = Scope(scope).label if unit is None else f"{Scope(scope).label}: {unit.name}"
            choices.append((key, label))
        self.fields["target"].choices = choices
        if candidates is not None:
            self.fields["replaced_by"].queryset = candidates
        self.fields["replaced_by"].label_from_instance = lambda r: r.label

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                check_regulation_file(upload)
            except ValidationError as error:
                raise ValidationError(error.message_dict.get("file", error.messages)) from None
        return upload

    def clean_target(self):
        return self.targets[self.cleaned_data["target"]]


class RegulationEditForm(RegulationForm):
    reason = forms.CharField(label=_("Lý do sửa"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["target"]
