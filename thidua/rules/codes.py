"""Code lists of the dossier format and their Vietnamese labels.

Every code the input may carry (ratings, discipline forms, leave kinds, training results,
initiative levels, titles) is defined here once, in its legal order where the order matters,
with the label users see. DOMAIN.md §1 is the glossary these codes come from.
"""

# Yearly quality ratings of civil servants, best first (NĐ 90/2020/NĐ-CP, sửa đổi NĐ 48/2023).
RATINGS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
RATING_RANK = {"KHTNV": 0, "HTNV": 1, "HTTNV": 2, "HTXSNV": 3}
RATING_LABELS = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}

# Disciplinary forms, mildest first.
DISCIPLINE_FORMS = (
    "khien_trach",
    "canh_cao",
    "ha_bac_luong",
    "giang_chuc",
    "cach_chuc",
    "buoc_thoi_viec",
)
DISCIPLINE_RANK = {form: rank for rank, form in enumerate(DISCIPLINE_FORMS)}
DISCIPLINE_LABELS = {
    "khien_trach": "khiển trách",
    "canh_cao": "cảnh cáo",
    "ha_bac_luong": "hạ bậc lương",
    "giang_chuc": "giáng chức",
    "cach_chuc": "cách chức",
    "buoc_thoi_viec": "buộc thôi việc",
}

LEAVE_KINDS = ("maternity", "injury_on_duty", "sick", "personal", "other")
# Leave that counts as time worked (DOMAIN.md §3.1) and leave that counts against the
# optional absence cap (§3.3a).
LEAVE_COUNTED_AS_WORK = frozenset({"maternity", "injury_on_duty"})
LEAVE_COUNTED_AS_ABSENCE = frozenset({"sick", "personal", "other"})
LEAVE_LABELS = {
    "maternity": "nghỉ thai sản",
    "injury_on_duty": "điều trị thương tích khi thực hiện nhiệm vụ",
    "sick": "nghỉ ốm",
    "personal": "nghỉ việc riêng",
    "other": "nghỉ khác",
}

TRAINING_RESULTS = ("xuat_sac", "gioi", "kha", "trung_binh", "khong_dat")
TRAINING_RESULTS_KHA_OR_BETTER = frozenset({"xuat_sac", "gioi", "kha"})
TRAINING_RESULT_LABELS = {
    "xuat_sac": "xuất sắc",
    "gioi": "giỏi",
    "kha": "khá",
    "trung_binh": "trung bình",
    "khong_dat": "không đạt",
}

INITIATIVE_LEVELS = ("co_so", "tinh", "toan_quoc")
INITIATIVE_LEVEL_LABELS = {"co_so": "cấp cơ sở", "tinh": "cấp tỉnh", "toan_quoc": "toàn quốc"}

# Titles and awards (DOMAIN.md §1).
TITLES = (
    "LDTT",
    "CSTDCS",
    "CSTD_TINH",
    "CSTD_TQ",
    "TTLDTT",
    "TTLDXS",
    "CO_TINH",
    "GIAY_KHEN",
    "BK_TINH",
    "BK_TTG",
)
TITLE_LABELS = {
    "LDTT": "LĐTT",
    "CSTDCS": "CSTĐCS",
    "CSTD_TINH": "CSTĐ tỉnh",
    "CSTD_TQ": "CSTĐ toàn quốc",
    "TTLDTT": "TTLĐTT",
    "TTLDXS": "TTLĐXS",
    "CO_TINH": "Cờ thi đua tỉnh",
    "GIAY_KHEN": "Giấy khen",
    "BK_TINH": "Bằng khen tỉnh",
    "BK_TTG": "Bằng khen Thủ tướng",
}
TITLE_NAMES = {
    "LDTT": "Lao động tiên tiến",
    "CSTDCS": "Chiến sĩ thi đua cơ sở",
    "CSTD_TINH": "Chiến sĩ thi đua cấp tỉnh",
    "CSTD_TQ": "Chiến sĩ thi đua toàn quốc",
    "TTLDTT": "Tập thể lao động tiên tiến",
    "TTLDXS": "Tập thể lao động xuất sắc",
    "CO_TINH": "Cờ thi đua của UBND tỉnh",
    "GIAY_KHEN": "Giấy khen",
    "BK_TINH": "Bằng khen của Chủ tịch UBND tỉnh",
    "BK_TTG": "Bằng khen của Thủ tướng Chính phủ",
}

# Registration ladders (DOMAIN.md §3.3a): registering a title covers every lower one.
INDIVIDUAL_LADDER = ("LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ")
COLLECTIVE_LADDER = ("TTLDTT", "TTLDXS", "CO_TINH")
LADDER_RANK = {
    **{title: rank for rank, title in enumerate(INDIVIDUAL_LADDER)},
    **{title: rank for rank, title in enumerate(COLLECTIVE_LADDER)},
}

INDIVIDUAL_TITLES = ("LDTT", "CSTDCS")
COLLECTIVE_TITLES = ("TTLDTT", "TTLDXS")
UPWARD_SCREENINGS = ("CSTD_TINH", "CSTD_TQ", "BK_TINH", "BK_TTG")


def registration_covers(registered: str | None, title: str) -> bool:
    """True when a registration for ``registered`` covers ``title`` (same ladder, not lower)."""
    if registered is None:
        return False
    same_ladder = (registered in INDIVIDUAL_LADDER) == (title in INDIVIDUAL_LADDER)
    return same_ladder and LADDER_RANK[registered] >= LADDER_RANK[title]
