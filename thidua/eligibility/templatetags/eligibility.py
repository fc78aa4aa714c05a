"""Tags that render the engine's verdicts: a verdict badge, the compact badges of the upward
screenings and a title's checks (verdict, reason, legal basis).

They build their HTML in Python (escaped by ``format_html``) because the office table calls
them for thousands of checks: a template include per check would take seconds for 2,000 people.
Verdicts are written out in words, never shown by colour alone.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from thidua.rules.codes import TITLE_LABELS, TITLE_NAMES

register = template.Library()


@register.filter
def item(mapping, key):
    """``mapping|item:key``: a dictionary value by a key held in a variable."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def verdict(result):
    """A badge: "Đủ điều kiện" or "Không đủ điều kiện"."""
    if not result:
        return ""
    if result["eligible"]:
        return format_html('<span class="badge text-bg-success">{}</span>', _("Đủ điều kiện"))
    return format_html('<span class="badge text-bg-light border">{}</span>', _("Không đủ"))


@register.simple_tag
def upward_badges(upward):
    """One compact badge per upward screening, marked ✓ (may be proposed) or ✗."""
    yes, no = _("đủ điều kiện đề nghị"), _("không đủ điều kiện")
    parts = []
    for code, result in upward.items():
        if result["eligible"]:
            css, mark, words = "text-bg-success", "✓", yes
        else:
            css, mark, words = "text-bg-light border text-muted", "✗", no
        parts.append((css, TITLE_NAMES.get(code, code), mark, TITLE_LABELS.get(code, code), words))
    return format_html_join(
        " ",
        '<span class="badge {}" title="{}"><span aria-hidden="true">{} </span>{}'
        '<span class="visually-hidden">: {}</span></span>',
        parts,
    )


def _check_items(checks, passed_word, failed_word, option_word):
    rows = []
    for check in checks:
        option = check.get("alternative")
        prefix = f"{option_word} {option}: " if option else ""
        if check["passed"]:
            rows.append(("text-success", "✓", passed_word, prefix, check["reason"], check["basis"]))
        else:
            rows.append(("text-danger", "✗", failed_word, prefix, check["reason"], check["basis"]))
    return format_html_join(
        "",
        '<li><span class="{}"><span aria-hidden="true">{} </span><strong>{}</strong></span> — {}{}'
        '<br><small class="text-muted">{}</small></li>',
        rows,
    )


@register.simple_tag
def checks(result):
    """A title's checks as a list: verdict in words, reason, legal basis."""
    if not result:
        return ""
    return format_html(
        '<ul class="list-unstyled small mb-2">{}</ul>',
        _check_items(result["checks"], _("Đạt"), _("Không đạt"), _("Phương án")),
    )


@register.simple_tag
def all_checks(row):
    """The checks of LĐTT and CSTĐCS of one person, for the office table's <details> (the
    upward screenings' reasons are on the person's page)."""
    passed_word, failed_word, option_word = _("Đạt"), _("Không đạt"), _("Phương án")
    eligible_word, ineligible_word = _("đủ điều kiện"), _("không đủ điều kiện")
    sections = []
    for code, result in row.titles.items():
        sections.append(
            format_html(
                '<p class="fw-semibold small mb-1">{} ({})</p><ul class="list-unstyled small mb-2">{}</ul>',
                TITLE_NAMES.get(code, code),
                eligible_word if result["eligible"] else ineligible_word,
                _check_items(result["checks"], passed_word, failed_word, option_word),
            )
        )
    return mark_safe("".join(sections))  # noqa: S308 - every part is built by format_html
