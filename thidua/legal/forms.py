from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LegalParameter


class ParameterForm(forms.ModelForm):
    class Meta:
        model = LegalParameter
        fields = ("kind", "key", "value", "effective_from", "source", "note")
        widgets = {"effective_from": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=300)
