"""Template filters for Vietnamese display: dates, money, masked IDs, roles."""

from django import template

from thidua.core import text

register = template.Library()


@register.filter
def vndate(value):
    return text.format_date(value)


@register.filter
def vnmoney(value):
    return text.format_money(value)


@register.filter
def masked(value):
    return text.mask_citizen_id(value)


@register.filter
def bs(field):
    """Render a form field's widget with Bootstrap classes and accessible error attributes."""
    from django import forms

    widget = field.field.widget
    if isinstance(widget, forms.Select):
        css = "form-select"
    elif isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    else:
        css = "form-control"
    attrs = {"class": css}
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.id_for_label}_error"
    return field.as_widget(attrs=attrs)


@register.filter
def title_name(code):
    """ "LDTT" → "Lao động tiên tiến"."""
    from thidua.rules.codes import TITLE_NAMES

    return TITLE_NAMES.get(code, code or "")
