from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.rules.codes import TITLES

from .models import Report
from .selectors import title_label


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["assessment", "covenant_results", "limitations", "directions"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}


class RegisterFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1990, max_value=2100)
    title = forms.ChoiceField(
        label=_("Danh hiệu, hình thức"),
        required=False,
        choices=[("", _("Tất cả"))] + [(c, title_label(c)) for c in TITLES],
    )
    division = forms.ChoiceField(label=_("Phòng"), required=False, choices=[("", _("Tất cả"))])
    decision = forms.CharField(label=_("Số quyết định"), required=False, max_length=60)

    def __init__(self, *args, divisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = [("", _("Tất cả"))] + [
            (u.code, u.name) for u in divisions
        ]


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1990, max_value=2100)
