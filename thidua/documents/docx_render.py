"""DOCX rendering of an `OfficialDocument` with python-docx: a real, editable Word file.

Layout per Decree 30/2020/NĐ-CP, Annex I (DOMAIN.md §4): A4 portrait, margins 20/20/30/20 mm,
Times New Roman; the header is a borderless two-column table (bodies and number at the left,
motto and date at the right) with short rules drawn as bottom borders of empty paragraphs;
page numbers from page 2 via a different-first-page header holding a PAGE field.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from .layout import MOTTO, MOTTO_SUBTITLE, RECIPIENTS_LABEL, OfficialDocument, Table, clean_text
from .layout import split_label as _split_label

FONT = "Times New Roman"
BODY_PT = 14
FIRST_LINE_INDENT = Cm(1.27)
SPACE_AFTER = Pt(6)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 20}
CONTENT_WIDTH = Mm(210 - MARGINS_MM["left"] - MARGINS_MM["right"])
# Header columns: bodies and number (left), motto and date (right). 6 + 10 cm = content width.
HEADER_WIDTHS = (Cm(6), Cm(10))
# "Nơi nhận" (left) and the signature (right).
SIGNATURE_WIDTHS = (Cm(7.5), Cm(8.5))


def render_docx(doc: OfficialDocument) -> bytes:
    """Render `doc` as a DOCX file and return its bytes."""
    document = Document()
    _setup_styles(document)
    _setup_section(document, doc)

    _header_table(document, doc)
    _centred(document, doc.type_name.upper(), bold=True, space_before=Pt(12))
    _centred(document, doc.summary, bold=True)
    _rule(document, Cm(5.5), centred_in=CONTENT_WIDTH)
    if doc.enacting_authority:
        _centred(document, doc.enacting_authority.upper(), bold=True, space_before=Pt(6))
    for line in doc.bases_lines:
        _body(document, line, italic=True)
    for block in doc.blocks:
        _block(document, block)
    for index, text in enumerate(doc.closing):
        # The last closing paragraph travels with the signature: no signature alone on a page.
        _body(document, text, keep_with_next=index == len(doc.closing) - 1)
    _signature_table(document, doc)
    for table in doc.annex:
        _annex(document, doc, table)

    _core_properties(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def paragraph_texts_docx(data: bytes) -> list[str]:
    """The non-empty paragraph texts of a DOCX in reading order, tables' cells included.

    Whitespace is collapsed, so a draft's blank number reads "Số: /KH-VP". Used by golden tests
    that compare a generated document with its reference text.
    """
    document = Document(io.BytesIO(data))
    texts: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            texts.append(Paragraph(element, document).text)
        elif element.tag == qn("w:tbl"):
            # Walk the cells' XML: a horizontally merged cell is one w:tc (python-docx's
            # row.cells would repeat it once per grid column).
            for tc in element.iter(qn("w:tc")):
                texts.extend(Paragraph(p, document).text for p in tc.iterchildren(qn("w:p")))
    normalised = (" ".join(text.split()) for text in texts)
    return [text for text in normalised if text]


def _core_properties(document, doc: OfficialDocument) -> None:
    """File properties Word shows: the agency as author, the real creation time, the title
    (python-docx's template otherwise says "python-docx", created 2013)."""
    props = document.core_properties
    author = clean_text(doc.author or doc.issuing_body)
    props.author = author
    props.last_modified_by = author
    props.title = clean_text(f"{doc.type_name} {doc.summary}".strip())
    props.subject = clean_text(doc.summary)
    props.keywords = doc.code
    props.comments = ""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now
    props.revision = 1


# Set-up --------------------------------------------------------------------------------------


def _setup_styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    # Word picks the font per script; set all four so Vietnamese never falls back to Calibri.
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def _setup_section(document, doc: OfficialDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    # Page numbers from page 2: the first page has its own (empty) header.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an explicit, empty first header
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(header)
    if doc.draft:
        for paragraph in (header, section.first_page_header.paragraphs[0]):
            _draft_mark(paragraph)


def _page_field(paragraph: Paragraph) -> None:
    """Append a PAGE field (begin / instruction / separate / cached value / end)."""

    def field_run(child_tag: str, **attrs: str):
        run = paragraph.add_run()
        _font(run, size=13)
        child = OxmlElement(child_tag)
        for key, value in attrs.items():
            child.set(qn(key), value)
        run._r.append(child)
        return child

    field_run("w:fldChar", **{"w:fldCharType": "begin"})
    instr = field_run("w:instrText", **{"xml:space": "preserve"})
    instr.text = " PAGE "
    field_run("w:fldChar", **{"w:fldCharType": "separate"})
    _font(paragraph.add_run("2"), size=13)
    field_run("w:fldChar", **{"w:fldCharType": "end"})


def _draft_mark(paragraph: Paragraph) -> None:
    """ "DỰ THẢO" at the right edge of the header line (after the centred page number)."""
    stops = paragraph.paragraph_format.tab_stops
    # The template's Header style has stops for a Letter page (4680 and 9360 twips): clear them.
    for inherited in (Twips(4680), Twips(9360)):
        stops.add_tab_stop(inherited, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(CONTENT_WIDTH // 2, WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(CONTENT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    first = paragraph.runs[0]._r if paragraph.runs else None
    if first is not None:  # the page number goes to the centre tab
        tab = paragraph.add_run("\t")
        first.addprevious(tab._r)
    else:
        paragraph.add_run("\t")
    _font(paragraph.add_run("\t"), size=13)
    _font(paragraph.add_run("DỰ THẢO"), size=13, bold=True)


# Building blocks -----------------------------------------------------------------------------


def _font(run, *, size: float = BODY_PT, bold: bool = False, italic: bool = False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    rfonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    return run


def _add_paragraph(container, text: str = "", **font) -> Paragraph:
    paragraph = container.add_paragraph()
    if text:
        _font(paragraph.add_run(clean_text(text)), **font)
    return paragraph


def _centred(container, text: str, *, space_before=None, **font) -> Paragraph:
    paragraph = _add_paragraph(container, text, **font)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if space_before is not None:
        paragraph.paragraph_format.space_before = space_before
    return paragraph


def _body(container, text: str, *, keep_with_next: bool = False, **font) -> Paragraph:
    paragraph = _add_paragraph(container, text, **font)
    _body_format(paragraph, keep_with_next=keep_with_next)
    return paragraph


def _body_format(paragraph: Paragraph, *, keep_with_next: bool = False) -> None:
    fmt = paragraph.paragraph_format
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = FIRST_LINE_INDENT
    fmt.space_after = SPACE_AFTER
    fmt.keep_with_next = keep_with_next


def _rule(container, length, *, centred_in) -> Paragraph:
    """A short horizontal rule: the bottom border of an empty, indented, 1 pt-high paragraph."""
    paragraph = container.add_paragraph()
    indent = max((centred_in - length) // 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = indent
    fmt.right_indent = indent
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr must come before spacing/ind/jc in CT_PPr's sequence.
    p_pr.insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"
    )
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    p_pr.append(mark)
    return paragraph


def _borderless(table: DocxTable, widths) -> None:
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    # CT_TblPr is a sequence: tblBorders goes before shd/tblLayout/tblCellMar/tblLook.
    tbl_pr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width


def _cell_first(cell, text: str, **font) -> Paragraph:
    """Write into the cell's initial empty paragraph."""
    paragraph = cell.paragraphs[0]
    _font(paragraph.add_run(clean_text(text)), **font)
    return paragraph


def _header_table(document, doc: OfficialDocument) -> None:
    table = document.add_table(rows=2, cols=2)
    _borderless(table, HEADER_WIDTHS)
    left, right = table.rows[0].cells
    left_w, right_w = HEADER_WIDTHS

    _cell_first(left, doc.governing_body.upper(), size=13).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _centred(left, doc.issuing_body.upper(), size=13, bold=True)
    _rule(left, Cm(2.2), centred_in=left_w - Cm(0.38))

    _cell_first(right, MOTTO, size=12, bold=True).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _centred(right, MOTTO_SUBTITLE, size=13, bold=True)
    _rule(right, Cm(6.0), centred_in=right_w - Cm(0.38))

    number_cell, date_cell = table.rows[1].cells
    number = _cell_first(number_cell, doc.number_line, size=13)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    date = _cell_first(date_cell, doc.place_date_line, size=14, italic=True)
    date.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for paragraph in (number, date):
        paragraph.paragraph_format.space_before = Pt(6)


def _block(document, block) -> None:
    if block.kind in ("heading1", "heading2"):
        _body(document, block.text, bold=True, keep_with_next=True)
    elif block.kind == "heading3":
        label, rest = _split_label(block.text)
        paragraph = _body(document, label, italic=True, keep_with_next=not rest)
        if rest:
            _font(paragraph.add_run(clean_text(rest)))
    elif block.kind == "title":
        _centred(document, block.text, bold=True).paragraph_format.space_after = SPACE_AFTER
    elif block.kind == "table":
        _grid_table(document, block.table)
    else:  # paragraph, bullet: the bullet's dash is part of its text
        _body(document, block.text)


def _grid_table(document, table: Table) -> None:
    if table.title:
        _centred(document, table.title, bold=True).paragraph_format.space_after = SPACE_AFTER
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = [int(CONTENT_WIDTH * share) for share in table.column_shares]
    _fixed_layout(grid)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for cell, name in zip(grid.rows[0].cells, table.columns, strict=True):
        _cell_first(cell, name, size=12, bold=True).alignment = WD_ALIGN_PARAGRAPH.CENTER
    header_tr_pr = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the column names on every page
    header_tr_pr.append(repeat)
    for row, values in zip(grid.rows, [table.columns, *table.rows], strict=True):
        # A row is never split across two pages.
        row._tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
        if values is table.columns:
            continue
        for cell, value in zip(row.cells, values, strict=True):
            _cell_first(cell, value, size=12)
    document.add_paragraph()


def _fixed_layout(grid: DocxTable) -> None:
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr = grid._tbl.tblPr
    tbl_pr.insert_element_before(layout, "w:tblCellMar", "w:tblLook", "w:tblCaption")


def _signature_table(document, doc: OfficialDocument) -> None:
    if doc.side_by_side:
        _side_by_side_signatures(document, doc)
        return
    table = document.add_table(rows=1, cols=2)
    _borderless(table, SIGNATURE_WIDTHS)
    row = table.rows[0]
    cant_split = OxmlElement("w:cantSplit")  # never separate the signature from "Nơi nhận"
    row._tr.get_or_add_trPr().append(cant_split)
    left, right = row.cells

    if doc.recipient_lines:
        _recipients(left, doc, first_in_cell=True)
    _signature_cell(right, doc.signature_blocks[0])


def _recipients(container, doc: OfficialDocument, *, first_in_cell: bool = False) -> None:
    if first_in_cell:
        label = _cell_first(container, RECIPIENTS_LABEL, size=12, bold=True, italic=True)
    else:
        label = _add_paragraph(container, RECIPIENTS_LABEL, size=12, bold=True, italic=True)
        label.paragraph_format.keep_with_next = True
    label.paragraph_format.space_before = Pt(6)
    lines = doc.recipient_lines
    for index, line in enumerate(lines):
        paragraph = _add_paragraph(container, line, size=11)
        # Below side-by-side signatures the list stays on one page.
        paragraph.paragraph_format.keep_with_next = not first_in_cell and index < len(lines) - 1


def _signature_cell(cell, signature) -> None:
    lines = signature.lines or [""]
    first = _cell_first(cell, lines[0], bold=True)
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first.paragraph_format.space_before = Pt(6)
    for line in lines[1:]:
        _centred(cell, line, bold=True)
    for _ in range(4):  # room for the signature and the seal
        cell.add_paragraph()
    _centred(cell, signature.name, bold=True)


def _side_by_side_signatures(document, doc: OfficialDocument) -> None:
    """Minutes (secretary | chair) and covenants (one column per party): one unsplittable row."""
    rows = doc.signature_rows
    columns = len(rows[0])
    width = CONTENT_WIDTH // columns
    table = document.add_table(rows=len(rows), cols=columns)
    _borderless(table, [width] * columns)
    for row, signatures in zip(table.rows, rows, strict=True):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, signature in zip(row.cells, signatures, strict=False):
            _signature_cell(cell, signature)
    if doc.recipient_lines:
        # Word keeps a row with the next paragraph when every paragraph of it keeps with next.
        for cell in table.rows[-1].cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
        _recipients(document, doc)


def _annex(document, doc: OfficialDocument, table: Table) -> None:
    page_break = document.add_paragraph().add_run()
    page_break.add_break(WD_BREAK.PAGE)
    _centred(document, table.title.upper(), bold=True)
    caption = _centred(document, doc.annex_caption, italic=True)
    caption.paragraph_format.space_after = Pt(12)
    _grid_table(document, Table(title="", columns=table.columns, rows=table.rows))
