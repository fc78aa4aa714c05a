"""Forms of the cluster pages. Scores are read from the sheet's own inputs by the view (one
input per criterion) and parsed by services.parse_points, so the message names the criterion."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.initiatives.uploads import ACCEPT

from .models import ClusterKind, CrossScorers, FinalRule, SectionKind

DATE_WIDGET = {"widget": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}


class ClusterCreateForm(forms.Form):
    code = forms.SlugField(label=_("Mã cụm, khối"), max_length=30)
    name = forms.CharField(label=_("Tên cụm, khối"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=ClusterKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100)


class YearForm(forms.Form):
    cross_scorers = forms.ChoiceField(label=_("Ai chấm chéo"), choices=CrossScorers.choices)
    final_rule = forms.ChoiceField(label=_("Điểm cuối cùng"), choices=FinalRule.choices)
    flag_count = forms.IntegerField(label=_("Số đề nghị Cờ thi đua"), min_value=0, max_value=50)
    bk_count = forms.IntegerField(label=_("Số đề nghị Bằng khen"), min_value=0, max_value=50)
    leader = forms.ChoiceField(label=_("Trưởng cụm"), required=False)
    deputy = forms.ChoiceField(label=_("Phó Trưởng cụm"), required=False)
    self_deadline = forms.DateField(label=_("Hạn tự chấm điểm"), required=False, **DATE_WIDGET)
    cross_deadline = forms.DateField(label=_("Hạn chấm chéo"), required=False, **DATE_WIDGET)
    covenant_signed_on = forms.DateField(label=_("Ngày ký giao ước"), required=False, **DATE_WIDGET)
    covenant_place = forms.CharField(label=_("Nơi ký giao ước"), max_length=200, required=False)
    covenant_items = forms.CharField(
        label=_("Nội dung giao ước (mỗi dòng một cam kết)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, agencies=(), members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = list(agencies)
        members = members or {}
        choices = [("", "—")] + [(a.code, a.name) for a in self.agencies]
        self.fields["leader"].choices = choices
        self.fields["deputy"].choices = choices
        for agency in self.agencies:
            self.fields[f"order_{agency.code}"] = forms.IntegerField(
                label=agency.name,
                required=False,
                min_value=1,
                max_value=999,
                initial=members.get(agency.pk),
                help_text=_("Thứ tự luân phiên; để trống nếu không là thành viên."),
            )

    def member_fields(self):
        return [self[f"order_{a.code}"] for a in self.agencies]

    def members(self):
        by_code = {a.code: a for a in self.agencies}
        return [
            (by_code[code], self.cleaned_data[f"order_{code}"])
            for code in by_code
            if self.cleaned_data.get(f"order_{code}")
        ]

    def agency(self, name):
        code = self.cleaned_data.get(name)
        return next((a for a in self.agencies if a.code == code), None)


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Tên phần"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=SectionKind.choices)
    cap = forms.DecimalField(
        label=_("Điểm tối đa của phần"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
    )


class CriterionForm(forms.Form):
    section = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Nội dung tiêu chí"), max_length=500)
    max_points = forms.DecimalField(
        label=_("Điểm tối đa"), min_value=Decimal("0.01"), max_digits=6, decimal_places=2
    )


class EvidenceForm(forms.Form):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("Tệp minh chứng"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )
