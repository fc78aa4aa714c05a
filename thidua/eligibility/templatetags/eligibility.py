"""Tags that render the engine's verdicts: a verdict badge, the compact badges of the upward
screenings and a title's checks (verdict, reason, legal basis).

They build their HTML in Python (escaped by ``format_html``) because the office table calls
them for thousands of checks: a template include per check would take seconds for 2,000 people.
Verdicts are written out in words, never shown by colour alone.
"""

from html import escape

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


def _e(value) -> str:
    return escape(str(value)) if value is not None else ""


@register.simple_tag
def people_rows(rows):
    """The office table's body in one pass of plain string building.

    2,000 rows through template tags and ``format_html`` took well over a second; here every
    value is escaped with ``html.escape`` and each distinct check list (the engine shares equal
    results between people) is rendered once per request.
    """
    words = {
        "yes": _e(_("Đủ điều kiện")),
        "no": _e(_("Không đủ")),
        "passed": _e(_("Đạt")),
        "failed": _e(_("Không đạt")),
        "option": _e(_("Phương án")),
        "eligible": _e(_("đủ điều kiện")),
        "ineligible": _e(_("không đủ điều kiện")),
        "up_yes": _e(_("đủ điều kiện đề nghị")),
        "up_no": _e(_("không đủ điều kiện")),
        "unregistered": _e(_("chưa đăng ký")),
        "see": _e(_("Xem")),
        "upward_reasons": _e(_("Lý do xét đề nghị cấp trên")),
    }
    checks_cache: dict[int, str] = {}
    badges_cache: dict[tuple, str] = {}

    def verdict_html(result):
        if not result:
            return ""
        if result["eligible"]:
            return f'<span class="badge text-bg-success">{words["yes"]}</span>'
        return f'<span class="badge text-bg-light border">{words["no"]}</span>'

    def checks_html(result):
        key = id(result["checks"])
        if key not in checks_cache:
            items = []
            for check in result["checks"]:
                option = check.get("alternative")
                prefix = f"{words['option']} {_e(option)}: " if option else ""
                css, mark, word = (
                    ("text-success", "✓", words["passed"])
                    if check["passed"]
                    else ("text-danger", "✗", words["failed"])
                )
                items.append(
                    f'<li><span class="{css}"><span aria-hidden="true">{mark} </span>'
                    f"<strong>{word}</strong></span> — {prefix}{_e(check['reason'])}"
                    f'<br><small class="text-muted">{_e(check["basis"])}</small></li>'
                )
            checks_cache[key] = "".join(items)
        return checks_cache[key]

    def badges_html(upward):
        key = tuple((code, result["eligible"]) for code, result in upward.items())
        if key not in badges_cache:
            parts = []
            for code, eligible in key:
                css, mark, word = (
                    ("text-bg-success", "✓", words["up_yes"])
                    if eligible
                    else ("text-bg-light border text-muted", "✗", words["up_no"])
                )
                parts.append(
                    f'<span class="badge {css}" title="{_e(TITLE_NAMES.get(code, code))}">'
                    f'<span aria-hidden="true">{mark} </span>{_e(TITLE_LABELS.get(code, code))}'
                    f'<span class="visually-hidden">: {word}</span></span>'
                )
            badges_cache[key] = " ".join(parts)
        return badges_cache[key]

    out = []
    for row in rows:
        titles = row.titles
        details = "".join(
            f'<p class="fw-semibold small mb-1">{_e(TITLE_NAMES.get(code, code))} '
            f"({words['eligible'] if result['eligible'] else words['ineligible']})</p>"
            f'<ul class="list-unstyled small mb-2">{checks_html(result)}</ul>'
            for code, result in titles.items()
        )
        unregistered = (
            f' <span class="badge text-bg-warning">{words["unregistered"]}</span>'
            if row.cstdcs_but_registration
            else ""
        )
        flags = "".join(f'<span class="text-danger small">{_e(flag)}</span>' for flag in row.flags)
        registered = _e(TITLE_NAMES.get(row.registered, row.registered)) if row.registered else "—"
        url = _e(row.url)
        out.append(
            f'<tr><td><code>{_e(row.code)}</code></td><th scope="row"><a href="{url}">'
            f"{_e(row.name)}</a></th><td>{_e(row.unit.name if row.unit else '')}</td>"
            f"<td>{registered}</td><td>{verdict_html(titles.get('LDTT'))}</td>"
            f"<td>{verdict_html(titles.get('CSTDCS'))}{unregistered}</td>"
            f"<td>{badges_html(row.upward)}</td><td>{flags}</td>"
            f'<td><details><summary class="small">{words["see"]}</summary>{details}'
            f'<a class="small" href="{url}">{words["upward_reasons"]}</a></details></td></tr>'
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped  # nosec B308 B703
