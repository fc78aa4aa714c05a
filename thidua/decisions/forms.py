"""Forms of the decision pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.rules.codes import TITLE_NAMES

from .models import Decision
from .services import HEAD_TITLES

DATE_WIDGET = {"widget": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}
TEXTAREA = forms.Textarea(attrs={"rows": 4})


class DecisionCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Năm thi đua"), min_value=1990, max_value=2100)
    summary = forms.CharField(label=_("Trích yếu"), max_length=300)


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["summary", "grounds", "articles", "recipients", "signer_position"]
        widgets = {"grounds": TEXTAREA, "articles": TEXTAREA, "recipients": TEXTAREA}


class EntryForm(forms.Form):
    staff_code = forms.CharField(label=_("Mã cán bộ"), max_length=30, required=False)
    unit_code = forms.CharField(label=_("hoặc mã phòng"), max_length=30, required=False)
    title_code = forms.ChoiceField(
        label=_("Danh hiệu, hình thức"), choices=[(c, TITLE_NAMES[c]) for c in HEAD_TITLES]
    )
    achievement = forms.CharField(label=_("Thành tích (tuỳ chọn)"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("staff_code", "").strip()) == bool(data.get("unit_code", "").strip()):
            raise forms.ValidationError(_("Nhập mã cán bộ hoặc mã phòng (chỉ một trong hai)."))
        return data


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Ngày ký"), **DATE_WIDGET)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do huỷ"), widget=forms.Textarea(attrs={"rows": 3}))


class ScanForm(forms.Form):
    file = forms.FileField(
        label=_("Bản quyết định đã ký (PDF, JPG, PNG; tối đa 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class HistoryImportForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Cơ quan"), queryset=None, empty_label=None, to_field_name="code"
    )
    file = forms.FileField(
        label=_("Tệp lịch sử khen thưởng (.xlsx hoặc .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        from thidua.org.models import Unit

        self.fields["agency"].queryset = Unit.objects.filter(pk__in=[a.pk for a in agencies])
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].code
