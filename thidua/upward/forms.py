"""Forms of the upward dossier: the year to build, the memo, one entry's achievement report and
justification, and the province's decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DossierEntry

DATE_WIDGET = {"widget": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}
PERSON_FIELDS = (
    "position",
    "hometown",
    "qualifications",
    "functions",
    "achievements",
    "initiatives",
    "discipline_statement",
)
COLLECTIVE_FIELDS = (
    "organisation",
    "functions",
    "achievements",
    "emulation_work",
    "initiatives",
    "discipline_statement",
)


class CreateForm(forms.Form):
    agency = forms.ChoiceField(label=_("Cơ quan"))
    year = forms.IntegerField(label=_("Năm xét khen thưởng"), min_value=1990, max_value=2100)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies}
        self.fields["agency"].choices = [(str(a.pk), a.name) for a in agencies]

    def chosen_agency(self):
        return self.agencies[self.cleaned_data["agency"]]


class MemoForm(forms.Form):
    recipient = forms.CharField(label=_("Kính gửi"), max_length=300)
    memo_summary = forms.CharField(
        label=_("Tóm tắt thành tích của cơ quan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng là một đoạn của tờ trình."),
    )


class EntryForm(forms.ModelForm):
    class Meta:
        model = DossierEntry
        fields = (*dict.fromkeys(PERSON_FIELDS + COLLECTIVE_FIELDS), "justification")
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "qualifications",
                "functions",
                "organisation",
                "achievements",
                "initiatives",
                "emulation_work",
                "discipline_statement",
                "justification",
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = PERSON_FIELDS if self.instance.person_id else COLLECTIVE_FIELDS
        for name in list(self.fields):
            if name != "justification" and name not in keep:
                del self.fields[name]
        if self.instance.eligible is not False:
            self.fields["justification"].help_text = _("Chỉ cần khi chưa đủ điều kiện.")

    def report(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "justification"}


class DecideForm(forms.Form):
    decision_code = forms.CharField(
        label=_("Số quyết định của tỉnh"),
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "125/QĐ-UBND"}),
    )
    decided_on = forms.DateField(label=_("Ngày quyết định"), **DATE_WIDGET)
    issuer = forms.CharField(label=_("Cấp quyết định"), max_length=200)
    awarded = forms.MultipleChoiceField(
        label=_("Được khen thưởng"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bỏ chọn những trường hợp tỉnh không khen thưởng."),
    )

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["awarded"].choices = [
            (str(e.pk), f"{e.subject_name} – {e.title_name}") for e in entries
        ]
        if not self.is_bound:
            self.initial.setdefault("awarded", [str(e.pk) for e in entries])
