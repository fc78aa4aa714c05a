"""The cluster's papers: the covenant (giao ước thi đua) of its members, the leader's memo (TTr)
proposing the top-ranked agencies for the provincial emulation flag and Bằng khen with the
scoring summary annexed, and the scoring sheets as XLSX (one sheet per agency and a summary)."""

from django.utils import timezone

from thidua.accounts.models import Role, RoleAssignment
from thidua.documents.layout import Block, OfficialDocument, Signature, Table
from thidua.legal.selectors import legal_parameters
from thidua.rules.codes import TITLE_NAMES
from thidua.rules.params import document_grounds

from . import selectors
from .models import ClusterKind, YearStatus


def _points(value) -> str:
    return f"{value:.2f}".replace(".", ",")


def _place(cluster_year) -> str:
    name = cluster_year.cluster.province.name
    return name[5:] if name.lower().startswith("tỉnh ") else name


def _head_name(agency) -> str:
    if agency is None:
        return ""
    assignment = (
        RoleAssignment.objects.filter(role=Role.HEAD, unit=agency, valid_to__isnull=True)
        .select_related("user")
        .first()
    )
    return assignment.user.get_full_name() if assignment else ""


def _header(cluster_year) -> dict:
    cluster = cluster_year.cluster
    leader = cluster_year.leader
    return {
        "governing_body": cluster.name.upper(),
        "issuing_body": (leader.name if leader else cluster.name).upper(),
        "issuer_code": "CTĐ" if cluster.kind == ClusterKind.CLUSTER else "KTĐ",
        "place": _place(cluster_year),
    }


def covenant_document(cluster_year) -> OfficialDocument:
    members = selectors.member_agencies(cluster_year)
    cluster = cluster_year.cluster
    signed = cluster_year.covenant_signed_on
    blocks = [
        Block(
            "paragraph",
            "Hôm nay, "
            + (f"ngày {signed:%d/%m/%Y}" if signed else "ngày … tháng … năm …")
            + (f", tại {cluster_year.covenant_place}" if cluster_year.covenant_place else "")
            + f", các cơ quan thành viên {cluster.name} gồm:",
        )
    ]
    blocks += [
        Block(
            "paragraph",
            f"{i}. {agency.name}"
            + (
                " (Trưởng cụm)."
                if agency.pk == cluster_year.leader_id
                else " (Phó Trưởng cụm)."
                if agency.pk == cluster_year.deputy_id
                else "."
            ),
        )
        for i, agency in enumerate(members, start=1)
    ]
    blocks.append(
        Block(
            "paragraph",
            f"Cùng thống nhất ký kết giao ước thi đua năm {cluster_year.year} với các nội dung sau:",
        )
    )
    items = [line.strip() for line in cluster_year.covenant_items.splitlines() if line.strip()]
    blocks += [Block("paragraph", f"{i}. {text}") for i, text in enumerate(items, start=1)]
    blocks.append(
        Block(
            "paragraph",
            "Các cơ quan cam kết thực hiện nghiêm túc các nội dung giao ước trên; kết quả thực "
            "hiện được chấm điểm theo bảng điểm chung của cụm vào cuối năm.",
        )
    )
    # Every member agency signs through its head, side by side (Trưởng cụm first).
    signatures = [
        Signature(
            authority=f"ĐẠI DIỆN {agency.name}",
            position="TRƯỞNG CỤM" if agency.pk == cluster_year.leader_id else "THỦ TRƯỞNG",
            name=_head_name(agency),
        )
        for agency in sorted(members, key=lambda a: a.pk != cluster_year.leader_id)
    ]
    return OfficialDocument(
        **_header(cluster_year),
        number=None,
        numbered=False,
        type_code="KH",
        date=signed,
        type_name="GIAO ƯỚC THI ĐUA",
        summary=f"Năm {cluster_year.year} của {cluster.name}",
        blocks=blocks,
        recipients=["Ban Thi đua - Khen thưởng tỉnh", "Các cơ quan thành viên", "Lưu: VT."],
        signer_position="TRƯỞNG CỤM",
        signer_name=_head_name(cluster_year.leader),
        signatures=signatures if len(signatures) > 1 else (),
    )


def ranking_rows(cluster_year) -> list[dict]:
    """The locked results once finalised, else the live standings (the memo is then a draft)."""
    if cluster_year.status == YearStatus.FINALISED:
        return [
            {
                "agency": r.agency,
                "base": r.base,
                "bonus": r.bonus,
                "penalty": r.penalty,
                "total": r.total,
                "self_total": r.self_total,
                "rank": r.rank,
                "tied": r.tied,
                "boundary_tie": r.boundary_tie,
                "proposal": r.proposal,
            }
            for r in selectors.locked_results(cluster_year)
        ]
    return [
        {
            "agency": s.agency,
            "base": s.ranked.points.base,
            "bonus": s.ranked.points.bonus,
            "penalty": s.ranked.points.penalty,
            "total": s.ranked.points.total,
            "self_total": s.ranked.self_points.total,
            "rank": s.ranked.rank,
            "tied": s.ranked.tied,
            "boundary_tie": s.ranked.boundary_tie,
            "proposal": s.ranked.proposal,
        }
        for s in selectors.standings(cluster_year)
    ]


def _rank_label(row) -> str:
    return f"{row['rank']}" + (" (đồng hạng)" if row["tied"] else "")


def proposal_document(cluster_year) -> OfficialDocument:
    cluster = cluster_year.cluster
    rows = ranking_rows(cluster_year)
    flags = [r for r in rows if r["proposal"] == "CO_TINH"]
    merits = [r for r in rows if r["proposal"] == "BK_TINH"]
    undecided = [r for r in rows if r["boundary_tie"]]
    final = cluster_year.status == YearStatus.FINALISED
    blocks = [
        Block(
            "paragraph",
            f"Thực hiện Giao ước thi đua năm {cluster_year.year}, các cơ quan thành viên "
            f"{cluster.name} đã tự chấm điểm và chấm chéo theo bảng điểm chung của cụm. "
            f"{cluster_year.leader.name if cluster_year.leader else 'Cơ quan Trưởng cụm'} "
            f"tổng hợp kết quả như sau:",
        ),
        Block(
            "table",
            table=Table(
                "Kết quả chấm điểm, xếp hạng",
                ["Hạng", "Cơ quan", "Điểm tiêu chí", "Điểm thưởng", "Điểm trừ", "Tổng điểm"],
                [
                    [
                        _rank_label(r),
                        r["agency"].name,
                        _points(r["base"]),
                        _points(r["bonus"]),
                        _points(r["penalty"]),
                        _points(r["total"]),
                    ]
                    for r in rows
                ],
            ),
        ),
        Block("paragraph", "Căn cứ kết quả trên, Trưởng cụm đề nghị:"),
    ]
    if flags:
        blocks.append(
            Block("heading3", f"a) {TITLE_NAMES.get('CO_TINH', 'Cờ thi đua của UBND tỉnh')}:")
        )
        blocks += [
            Block("bullet", f"- {r['agency'].name} ({_points(r['total'])} điểm).") for r in flags
        ]
    if merits:
        blocks.append(
            Block(
                "heading3",
                f"b) {TITLE_NAMES.get('BK_TINH', 'Bằng khen của Chủ tịch UBND tỉnh')}:",
            )
        )
        blocks += [
            Block("bullet", f"- {r['agency'].name} ({_points(r['total'])} điểm).") for r in merits
        ]
    if undecided:
        blocks.append(
            Block(
                "paragraph",
                "Các cơ quan bằng điểm nhau ở ranh giới số lượng đề nghị (cụm quyết định): "
                + ", ".join(r["agency"].name for r in undecided)
                + ".",
            )
        )
    table = selectors.table_of(cluster_year)
    sections = selectors.sections_with_criteria(cluster_year)
    standings = {s.agency.pk: s for s in selectors.standings(cluster_year)}
    agencies = [r["agency"] for r in rows]
    annex_rows = []
    for section in sections:
        annex_rows.append(
            [
                section.title,
                section.get_kind_display(),
                _points(section.cap) if section.cap is not None else "",
                *["" for _ in agencies],
            ]
        )
        for criterion in section.criteria.all():
            annex_rows.append(
                [
                    f"- {criterion.text}",
                    "",
                    _points(criterion.max_points),
                    *[_points(standings[a.pk].finals.get(criterion.pk, 0)) for a in agencies],
                ]
            )
    annex_rows.append(["Tổng điểm", "", "", *[_points(r["total"]) for r in rows]])
    del table
    return OfficialDocument(
        **_header(cluster_year),
        number=None,
        type_code="TTr",
        date=timezone.localdate(cluster_year.finalised_at) if cluster_year.finalised_at else None,
        type_name="TỜ TRÌNH",
        summary=(
            "Đề nghị tặng Cờ thi đua của UBND tỉnh và Bằng khen của Chủ tịch UBND tỉnh cho "
            f"các cơ quan thành viên {cluster.name} năm {cluster_year.year}"
        ),
        bases=[
            *document_grounds(
                "cluster_memo",
                cluster_year.year,
                timezone.localdate(cluster_year.finalised_at)
                if cluster_year.finalised_at
                else timezone.localdate(),
                legal_parameters(),
            ),
            f"Căn cứ Giao ước thi đua năm {cluster_year.year} của {cluster.name}",
            "Căn cứ kết quả tự chấm điểm và chấm chéo của các cơ quan thành viên",
        ],
        blocks=blocks,
        closing=[
            "Kính trình Ban Thi đua - Khen thưởng tỉnh xem xét, trình Chủ tịch UBND tỉnh khen "
            "thưởng./."
        ],
        recipients=["Ban Thi đua - Khen thưởng tỉnh", "Các cơ quan thành viên", "Lưu: VT."],
        authority="TM. " + cluster.name.upper().split(" CÁC ")[0],
        signer_position="TRƯỞNG CỤM",
        signer_name=_head_name(cluster_year.leader),
        draft=not final,
        annex=[
            Table(
                "Bảng tổng hợp điểm theo tiêu chí",
                ["Tiêu chí", "Loại", "Điểm tối đa", *[a.name for a in agencies]],
                annex_rows,
            )
        ],
    )


def scoring_workbook(cluster_year) -> bytes:
    """XLSX: a summary sheet with the ranking, then one sheet per agency with every criterion's
    maximum, self-score, each cross-score and the final score."""
    from thidua.documents.spreadsheet import finish_sheet, new_workbook, to_bytes, write_row

    rows = ranking_rows(cluster_year)
    sections = selectors.sections_with_criteria(cluster_year)
    scores = selectors.score_map(cluster_year)
    standings = {s.agency.pk: s for s in selectors.standings(cluster_year)}
    members = selectors.member_agencies(cluster_year)
    names = {a.pk: a.name for a in members}
    workbook = new_workbook()
    summary = workbook.create_sheet("Tổng hợp")
    write_row(summary, [f"{cluster_year.cluster.name} – năm {cluster_year.year}"])
    summary_columns = [
        "Hạng",
        "Cơ quan",
        "Điểm tiêu chí",
        "Điểm thưởng",
        "Điểm trừ",
        "Tổng điểm",
        "Tự chấm",
        "Đồng hạng",
        "Đề nghị",
    ]
    write_row(summary, summary_columns)
    for r in rows:
        write_row(
            summary,
            [
                r["rank"],
                r["agency"].name,
                float(r["base"]),
                float(r["bonus"]),
                float(r["penalty"]),
                float(r["total"]),
                float(r["self_total"]),
                "Có" if r["tied"] else "",
                TITLE_NAMES.get(r["proposal"], r["proposal"]) if r["proposal"] else "",
            ],
            summary_columns,
        )
    sheets = [summary]
    for index, agency in enumerate(members, start=1):
        sheet = workbook.create_sheet(f"{index}. {agency.code}"[:31])
        given = scores.get(agency.pk, {})
        scorers = [pk for pk in given if pk != agency.pk]
        write_row(sheet, [agency.name])
        columns = [
            "Phần / tiêu chí",
            "Điểm tối đa",
            "Tự chấm",
            *[f"Chấm chéo: {names.get(pk, pk)}" for pk in scorers],
            "Điểm cuối cùng",
        ]
        write_row(sheet, columns)
        for section in sections:
            write_row(sheet, [f"{section.title} ({section.get_kind_display()})"])
            for criterion in section.criteria.all():

                def cell(pk, c=criterion, given=given):
                    value = given.get(pk, {}).get(c.pk)
                    return float(value) if value is not None else None

                write_row(
                    sheet,
                    [
                        criterion.text,
                        float(criterion.max_points),
                        cell(agency.pk),
                        *[cell(pk) for pk in scorers],
                        float(standings[agency.pk].finals.get(criterion.pk, 0)),
                    ],
                    columns,
                )
        sheets.append(sheet)
    for ws in sheets:
        finish_sheet(ws, header_row=2)  # row 1 is the sheet's title
    workbook.properties.creator = (
        cluster_year.leader.name if cluster_year.leader else cluster_year.cluster.name
    )
    return to_bytes(workbook)
