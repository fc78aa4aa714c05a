"""Filter form for the audit page."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Hành động"), required=False)
    object_type = forms.ChoiceField(label=_("Loại đối tượng"), required=False)
    object = forms.CharField(label=_("Đối tượng"), required=False, max_length=150)
    date_from = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    date_to = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def __init__(self, *args, actions=(), object_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "— Tất cả —")] + [(a, a) for a in actions]
        self.fields["object_type"].choices = [("", "— Tất cả —")] + [(t, t) for t in object_types]
