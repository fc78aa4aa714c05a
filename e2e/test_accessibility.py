"""Accessibility of the main pages (issue 9, item 5): axe-core checks labels, headings, colour
contrast, names of controls, focus and the page language on one main page per app, as the
persona who uses it; every page is in Vietnamese (lang="vi") and the keyboard reaches the skip
link first, visibly.

axe-core comes from the npm registry (package.json, installed by `npm ci`); it is injected into
the page with Playwright's add_script_tag. The application's Content-Security-Policy forbids
scripts that are not its own, so this test's browser context alone bypasses the CSP.
"""

from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from thidua.movements.tests.factories import launched_movement

from .conftest import DESKTOP, login

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
RULES = [
    # labels and names
    "label",
    "select-name",
    "input-button-name",
    "button-name",
    "link-name",
    "form-field-multiple-labels",
    "image-alt",
    "svg-img-alt",
    "aria-input-field-name",
    "aria-toggle-field-name",
    # headings
    "heading-order",
    "empty-heading",
    "page-has-heading-one",
    # contrast
    "color-contrast",
    # keyboard focus
    "tabindex",
    "scrollable-region-focusable",
    "nested-interactive",
    "focus-order-semantics",
    "frame-focusable-content",
    "aria-hidden-focus",
    # language, title, structure
    "html-has-lang",
    "html-lang-valid",
    "valid-lang",
    "document-title",
    "landmark-one-main",
    "list",
    "listitem",
    "duplicate-id-aria",
]

# (persona or None, URL name, kwargs): one main page per app, as the persona who uses it.
PAGES = [
    (None, "accounts:login", {}),
    (None, "accounts:password_reset", {}),
    ("staff", "accounts:otp_setup", {}),
    ("staff", "accounts:password_change", {}),
    ("secretariat", "core:home", {}),
    ("head", "core:audit_list", {}),
    ("secretariat", "core:notifications", {}),
    ("secretariat", "org:unit_tree", {}),
    ("secretariat", "org:person_list", {}),
    ("secretariat", "org:import_start", {}),
    ("secretariat", "movements:list", {}),
    ("secretariat", "movements:detail", {"pk": "MOVEMENT"}),
    ("staff", "movements:register", {"pk": "MOVEMENT"}),
    ("staff", "initiatives:list", {}),
    ("staff", "initiatives:create", {}),
    ("staff", "initiatives:library", {}),
    ("division_head", "reviews:index", {}),
    ("secretariat", "reviews:inbox", {}),
    ("secretariat", "records:index", {}),
    ("secretariat", "eligibility:office", {}),
    ("secretariat", "decisions:list", {}),
    ("secretariat", "council:index", {}),
    ("secretariat", "upward:index", {}),
    ("secretariat", "reports:index", {}),
    ("secretariat", "clusters:index", {}),
    ("secretariat", "regulations:list", {}),
]


@pytest.fixture
def axe_context(browser, live_url):
    if not AXE.exists():
        pytest.skip("node_modules/axe-core missing: run `npm ci --no-audit --no-fund`")
    context = browser.new_context(
        base_url=live_url, viewport=DESKTOP, locale="vi-VN", bypass_csp=True
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (rules) => {
            const r = await axe.run(document, {runOnly: {type: "rule", values: rules},
                                              resultTypes: ["violations"]});
            return r.violations.map(v => v.id + ": " + v.help + " → " +
                v.nodes.slice(0, 3).map(n => n.target.join(" ") + " (" +
                    (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 160) + ")").join("; "));
        }""",
        RULES,
    )
    return result


def test_main_pages_pass_axe_in_vietnamese(axe_context, office, people, users, shot):
    movement, _covenant = launched_movement(office["VP"])
    objects = {"MOVEMENT": movement.pk}
    problems = {}
    checked = 0
    current = "—"
    page = axe_context.new_page()
    for persona, name, kwargs in PAGES:
        try:
            url = reverse(name, kwargs={k: objects.get(v, v) for k, v in kwargs.items()})
        except NoReverseMatch:
            continue
        if persona != current:
            axe_context.clear_cookies()
            if persona is not None:
                login(page, persona)
            current = persona
        response = page.goto(url)
        assert response.status == 200, (name, persona, response.status)
        assert page.evaluate("document.documentElement.lang") == "vi", name
        found = axe_violations(page)
        if found:
            problems[f"{name} ({persona or 'ẩn danh'})"] = found
            shot(page, name.replace(":", "-"))
        checked += 1
    page.close()
    assert checked >= 20
    assert not problems, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in problems.items())


def test_keyboard_reaches_the_skip_link_first_and_focus_is_visible(page, users):
    login(page, "staff")
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const el = document.activeElement, style = getComputedStyle(el);
            return {text: el.textContent.trim(), outline: style.outlineStyle,
                    width: style.outlineWidth, shadow: style.boxShadow};
        }"""
    )
    assert focused["text"] == "Bỏ qua, đến nội dung chính"
    assert (focused["outline"] != "none" and focused["width"] != "0px") or (
        focused["shadow"] != "none"
    ), focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
