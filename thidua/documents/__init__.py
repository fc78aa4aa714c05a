"""Official documents in the national layout of Decree 30/2020/NĐ-CP (DOMAIN.md §4).

Every app describes its document as plain data (`layout.OfficialDocument`: header, type name,
summary, bases, body blocks, closing, recipients, signer, annexed tables) and renders it here:
`docx_render.render_docx` gives an editable Word file, `pdf_render.render_pdf` a PDF. Both
renderers read the same derived texts from `layout` (number line, place and date, punctuation
of the bases and recipients), so the two formats can never disagree on them::

    doc = OfficialDocument(
        governing_body="ĐOÀN ĐBQH VÀ HĐND TỈNH ĐỒNG THÁP", issuing_body="VĂN PHÒNG",
        number="114", type_code="KH", issuer_code="VP", place="Đồng Tháp",
        date=dt.date(2021, 2, 3), type_name="KẾ HOẠCH",
        summary="Phát động phong trào thi đua năm 2021",
        blocks=[Block("heading1", "I. MỤC ĐÍCH, YÊU CẦU"), Block("heading2", "1. Mục đích"),
                Block("bullet", "- Đẩy mạnh các phong trào thi đua, …")],
        closing=["Trên đây là Kế hoạch …/."], recipients=["Thường trực HĐND Tỉnh", "Lưu: VT."],
        signer_position="CHÁNH VĂN PHÒNG", signer_name="Mai Ngọc Dinh",
    )
    Path("kh-114.docx").write_bytes(render_docx(doc))
    Path("kh-114.pdf").write_bytes(render_pdf(doc))

System packages: the PDF needs WeasyPrint's Pango and a Times-metric font with Vietnamese
letters (Debian: fonts-liberation2; fonts-liberation 1.x lacks them and WeasyPrint would fall
back to DejaVu for every accented letter); `pdf_text` and the tests need poppler-utils.
"""
