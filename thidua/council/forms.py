"""Forms of the council: opening a session, the ballot paper, objections and answers."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATE_WIDGET = {"widget": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}


class SessionForm(forms.Form):
    year = forms.IntegerField(label=_("Năm xét khen thưởng"), min_value=1990, max_value=2100)
    held_on = forms.DateField(label=_("Ngày họp"), **DATE_WIDGET)
    place = forms.CharField(label=_("Địa điểm"), max_length=200)
    secretary_name = forms.CharField(label=_("Thư ký"), max_length=150, required=False)
    approval_percent = forms.IntegerField(
        label=_("Tỷ lệ tán thành (% tổng số thành viên, phải vượt quá)"),
        min_value=1,
        max_value=99,
    )

    def __init__(self, *args, **kwargs):
        from .rules import approval_percent_setting

        kwargs.setdefault(
            "initial",
            {
                "year": timezone.localdate().year,
                "held_on": timezone.localdate(),
                "approval_percent": approval_percent_setting(),
            },
        )
        super().__init__(*args, **kwargs)


class BallotPaperForm(forms.Form):
    """One yes/no per agenda item: the whole paper in one submission."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=f"{item.subject_name} – {item.title_name}",
                choices=[("yes", _("Đồng ý")), ("no", _("Không đồng ý"))],
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict:
        return {str(i.pk): self.cleaned_data[f"item_{i.pk}"] for i in self.items}


class ObjectionForm(forms.Form):
    item = forms.ChoiceField(label=_("Trường hợp có ý kiến"))
    text = forms.CharField(label=_("Nội dung ý kiến"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [
            (str(i.pk), f"{i.subject_name} – {i.title_name}") for i in items
        ]


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 2}))
    upheld = forms.BooleanField(
        label=_("Chấp nhận ý kiến (đưa trường hợp này ra khỏi danh sách)"), required=False
    )
