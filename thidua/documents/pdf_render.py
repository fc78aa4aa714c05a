"""PDF rendering of an `OfficialDocument`: a Django template turned into PDF by WeasyPrint.

The template (`templates/documents/official.html`) and its stylesheet (`official.css`) are loaded
by path through a standalone template engine, so rendering works in commands, tests and workers
whether or not the app is installed. No external resource is ever fetched: offices are often
offline, and a document must not depend on the network. `pdf_text` extracts the text with
poppler's `pdftotext` (package poppler-utils) for tests and checks.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

from django.template import Context, Engine

from .layout import MOTTO, MOTTO_SUBTITLE, RECIPIENTS_LABEL, OfficialDocument, clean_text
from .layout import split_label as _split_label

TEMPLATES = Path(__file__).resolve().parent / "templates"
STYLESHEET = TEMPLATES / "documents" / "official.css"


@cache
def _engine() -> Engine:
    return Engine(dirs=[str(TEMPLATES)], autoescape=True)


def render_html(doc: OfficialDocument) -> str:
    """The document as HTML (the PDF's source; also usable as a print preview)."""
    blocks = []
    for block in doc.blocks:
        label, rest = _split_label(block.text)
        blocks.append(
            {
                "kind": block.kind,
                "text": block.text,
                "table": block.table,
                "label": label,
                "rest": rest,
            }
        )
    context = {
        "doc": doc,
        "governing_body": doc.governing_body.upper(),
        "issuing_body": doc.issuing_body.upper(),
        "motto": MOTTO,
        "motto_subtitle": MOTTO_SUBTITLE,
        "type_name": doc.type_name.upper(),
        "enacting_authority": (doc.enacting_authority or "").upper(),
        "recipients_label": RECIPIENTS_LABEL,
        "blocks": blocks,
        "signatures": [
            {"lines": signature.lines, "name": signature.name} for signature in doc.signature_blocks
        ],
        "signature_rows": [
            [{"lines": signature.lines, "name": signature.name} for signature in row]
            for row in doc.signature_rows
        ],
        "signature_width": f"{100 / len(doc.signature_rows[0]):.2f}%",
    }
    if doc.e_signature:
        context["signatures"][-1]["stamp"] = list(doc.e_signature)
    html = _engine().get_template("documents/official.html").render(Context(context))
    return clean_text(html)


def render_pdf(doc: OfficialDocument) -> bytes:
    """Render `doc` as a PDF and return its bytes."""
    import weasyprint  # heavy import (cairo/pango bindings): only when a PDF is asked for

    html = weasyprint.HTML(string=render_html(doc), url_fetcher=_refuse_fetch, base_url=".")
    stylesheet = weasyprint.CSS(string=STYLESHEET.read_text(encoding="utf-8"))
    return html.write_pdf(stylesheets=[stylesheet])


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"Văn bản không được tải tài nguyên bên ngoài: {url}")


def pdf_text(data: bytes, *, first: int | None = None, last: int | None = None) -> str:
    """The text of a PDF (pages `first`..`last`, 1-based), pages separated by form feeds."""
    binary = shutil.which("pdftotext")
    if binary is None:
        raise RuntimeError("pdftotext is missing: install the system package poppler-utils.")
    command = [binary, "-enc", "UTF-8"]
    if first is not None:
        command += ["-f", str(first)]
    if last is not None:
        command += ["-l", str(last)]
    # A fixed binary and arguments, no shell: the PDF only goes in on stdin.
    result = subprocess.run(  # noqa: S603 (fixed binary, argument list, no shell)  # nosec B603
        [*command, "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")
