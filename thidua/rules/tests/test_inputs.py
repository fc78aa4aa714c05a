"""Validation of the input dossier: every problem found, each naming its path (issue 3 §6)."""

import copy

import pytest

from thidua.rules import InputError, parse_dossier
from thidua.rules.tests.builders import collective, person

RATINGS = "(HTXSNV, HTTNV, HTNV, KHTNV)"


def base() -> dict:
    return {
        "year": 2021,
        "collectives": [collective("P1")],
        "people": [person("CB001"), person("CB002"), person("CB003"), person("CB004")],
    }


def _set(data, path, value):
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        pytest.param(
            ("people", 3, "rating"),
            "HTT",
            f'people[3].rating: "HTT" không phải mức xếp loại hợp lệ {RATINGS}',
            id="unknown-rating",
        ),
        pytest.param(
            ("people", 0, "registered"),
            "TTLDTT",
            'people[0].registered: "TTLDTT" không phải danh hiệu cá nhân có thể đăng ký (LDTT, CSTDCS, CSTD_TINH, CSTD_TQ)',
            id="collective-title-for-person",
        ),
        pytest.param(
            ("people", 0, "registered"),
            "XYZ",
            'people[0].registered: "XYZ" không phải danh hiệu cá nhân có thể đăng ký (LDTT, CSTDCS, CSTD_TINH, CSTD_TQ)',
            id="unknown-title",
        ),
        pytest.param(
            ("collectives", 0, "registered"),
            "LDTT",
            'collectives[0].registered: "LDTT" không phải danh hiệu tập thể có thể đăng ký (TTLDTT, TTLDXS, CO_TINH)',
            id="individual-title-for-collective",
        ),
        pytest.param(
            ("people", 1, "history"),
            [{"year": 2020, "titles": ["LDTT", "CSTD"]}],
            'people[1].history[0].titles[1]: "CSTD" không phải danh hiệu hợp lệ (LDTT, CSTDCS, CSTD_TINH, CSTD_TQ, TTLDTT, TTLDXS, CO_TINH, GIAY_KHEN, BK_TINH, BK_TTG)',
            id="unknown-title-in-history",
        ),
        pytest.param(
            ("people", 1, "recruited_on"),
            "01/03/2021",
            'people[1].recruited_on: "01/03/2021" không phải ngày theo định dạng ISO (YYYY-MM-DD)',
            id="non-iso-date",
        ),
        pytest.param(
            ("people", 1, "recruited_on"),
            "2021-02-30",
            'people[1].recruited_on: "2021-02-30" không phải ngày theo định dạng ISO (YYYY-MM-DD)',
            id="impossible-date",
        ),
        pytest.param(
            ("people", 1, "recruited_on"),
            "20210301",
            'people[1].recruited_on: "20210301" không phải ngày theo định dạng ISO (YYYY-MM-DD)',
            id="compact-date-refused",
        ),
        pytest.param(
            ("people", 2, "recruited_on"),
            _DELETE,
            "people[2].recruited_on: thiếu ngày (bắt buộc, định dạng YYYY-MM-DD)",
            id="missing-recruited-on",
        ),
        pytest.param(
            ("people", 2, "collective"),
            "PKT",
            'people[2].collective: không có tập thể "PKT" trong collectives',
            id="unknown-collective",
        ),
        pytest.param(
            ("people", 3, "id"),
            "CB001",
            'people[3].id: mã "CB001" bị trùng với people[0]',
            id="duplicate-person-id",
        ),
        pytest.param(
            ("people", 3, "id"),
            4,
            "people[3].id: phải là chuỗi ký tự, nhận được 4",
            id="id-wrong-type",
        ),
        pytest.param(
            ("people", 3, "id"), _DELETE, "people[3].id: thiếu giá trị (bắt buộc)", id="missing-id"
        ),
        pytest.param(
            ("collectives",),
            [collective("P1"), collective("P1")],
            'collectives[1].id: mã "P1" bị trùng với collectives[0]',
            id="duplicate-collective-id",
        ),
        pytest.param(
            ("year",), _DELETE, "year: thiếu năm đánh giá (bắt buộc, ví dụ 2021)", id="missing-year"
        ),
        pytest.param(
            ("year",),
            "2021",
            'year: phải là số nguyên (năm), nhận được "2021"',
            id="year-as-string",
        ),
        pytest.param(
            ("year",), 1800, "year: năm 1800 ngoài phạm vi 1990–2100", id="year-out-of-range"
        ),
        pytest.param(
            ("regime",),
            "vn2020",
            'regime: "vn2020" không phải chế độ hợp lệ (vn2013, vn2022)',
            id="unknown-regime",
        ),
        pytest.param(
            ("decision_date",),
            "2016-04-30",
            "decision_date: ngày quyết định 2016-04-30 trước 01/05/2016: không có mức lương cơ sở áp dụng",
            id="decision-date-too-early",
        ),
        pytest.param(
            ("people",),
            {"id": "x"},
            'people: phải là danh sách, nhận được {"id": "x"}',
            id="people-not-a-list",
        ),
        pytest.param(
            ("people", 0, "disciplines"),
            [{"form": "phat", "decided_on": "2021-01-01"}],
            'people[0].disciplines[0].form: "phat" không phải hình thức kỷ luật hợp lệ (khien_trach, canh_cao, ha_bac_luong, giang_chuc, cach_chuc, buoc_thoi_viec)',
            id="unknown-discipline",
        ),
        pytest.param(
            ("people", 0, "leaves"),
            [{"kind": "holiday", "start": "2021-01-01", "end": "2021-01-02"}],
            'people[0].leaves[0].kind: "holiday" không phải loại nghỉ hợp lệ (maternity, injury_on_duty, sick, personal, other)',
            id="unknown-leave-kind",
        ),
        pytest.param(
            ("people", 0, "leaves"),
            [{"kind": "sick", "start": "2021-02-01", "end": "2021-01-02"}],
            "people[0].leaves[0].end: ngày kết thúc 2021-01-02 trước ngày bắt đầu 2021-02-01",
            id="leave-ends-before-start",
        ),
        pytest.param(
            ("people", 0, "trainings"),
            [{"start": "2021-01-01", "end": "2021-03-02", "result": "tot"}],
            'people[0].trainings[0].result: "tot" không phải kết quả đào tạo hợp lệ (xuat_sac, gioi, kha, trung_binh, khong_dat)',
            id="unknown-training-result",
        ),
        pytest.param(
            ("people", 0, "initiatives"),
            [{"id": "S", "level": "huyen", "recognized_on": "2021-01-01"}],
            'people[0].initiatives[0].level: "huyen" không phải cấp sáng kiến hợp lệ (co_so, tinh, toan_quoc)',
            id="unknown-initiative-level",
        ),
        pytest.param(
            ("people", 0, "initiatives"),
            [{"id": "S", "level": "co_so", "recognized_on": "2021-01-01", "used_for": 2020}],
            'people[0].initiatives[0].used_for: phải là null hoặc {"year": năm, "title": mã danh hiệu}',
            id="used-for-wrong-type",
        ),
        pytest.param(
            ("people", 0, "research_topics"),
            [{"id": "D", "accepted_on": "2021-01-01", "applied": "yes"}],
            'people[0].research_topics[0].applied: phải là true hoặc false, nhận được "yes"',
            id="applied-wrong-type",
        ),
        pytest.param(
            ("people", 0, "history"),
            [{"year": 2020}, {"year": 2020}],
            "people[0].history[1].year: năm 2020 bị trùng với people[0].history[0]",
            id="duplicate-history-year",
        ),
        pytest.param(
            ("settings",),
            {"cap_percent": 15},
            "settings.cap_percent: không phải tham số hợp lệ (require_registration, min_months_new_recruit, max_absence_days, long_training_needs_kha, cstdcs_cap_percent, cap_rounding, collective_discipline_clause, count_prior_service, reward_coefficients, base_salary_vnd)",
            id="unknown-setting",
        ),
        pytest.param(
            ("settings",),
            {"cap_rounding": "half"},
            'settings.cap_rounding: "half" không phải cách làm tròn hợp lệ (down, up, nearest)',
            id="bad-cap-rounding",
        ),
        pytest.param(
            ("settings",),
            {"cstdcs_cap_percent": 150},
            "settings.cstdcs_cap_percent: phải là null hoặc số từ 0 đến 100 (phần trăm)",
            id="bad-cap-percent",
        ),
        pytest.param(
            ("settings",),
            {"require_registration": "yes"},
            "settings.require_registration: phải là true hoặc false",
            id="bad-boolean-setting",
        ),
        pytest.param(
            ("settings",),
            {"min_months_new_recruit": 13},
            "settings.min_months_new_recruit: phải là số nguyên từ 0 đến 12 (số tháng)",
            id="bad-min-months",
        ),
        pytest.param(
            ("settings",),
            {"max_absence_days": -1},
            "settings.max_absence_days: phải là null hoặc số nguyên từ 0 đến 366 (số ngày)",
            id="bad-absence-cap",
        ),
        pytest.param(
            ("settings",),
            {"reward_coefficients": {"LDTT": -1}},
            "settings.reward_coefficients.LDTT: hệ số phải là số không âm",
            id="bad-coefficient",
        ),
        pytest.param(
            ("settings",),
            [],
            "settings: phải là một đối tượng JSON (tham số → giá trị)",
            id="settings-not-an-object",
        ),
    ],
)
def test_each_bad_input_names_its_path(path, value, message):
    data = base()
    _set(data, path, value)
    with pytest.raises(InputError) as error:
        parse_dossier(data)
    assert error.value.problems == [message]


def test_all_problems_are_collected():
    data = base()
    data["people"][3]["rating"] = "HTT"
    data["people"][2]["collective"] = "PKT"
    data["people"][1]["recruited_on"] = "2021/01/01"
    data["regime"] = "x"
    with pytest.raises(InputError) as error:
        parse_dossier(data)
    assert error.value.problems == [
        'regime: "x" không phải chế độ hợp lệ (vn2013, vn2022)',
        'people[1].recruited_on: "2021/01/01" không phải ngày theo định dạng ISO (YYYY-MM-DD)',
        'people[2].collective: không có tập thể "PKT" trong collectives',
        f'people[3].rating: "HTT" không phải mức xếp loại hợp lệ {RATINGS}',
    ]
    assert str(error.value) == "\n".join(error.value.problems)


def test_root_must_be_an_object():
    with pytest.raises(InputError) as error:
        parse_dossier([1, 2])
    assert error.value.problems == ["(gốc): phải là một đối tượng JSON, nhận được [1, 2]"]


@pytest.mark.parametrize(
    ("year", "regime", "expected"),
    [
        pytest.param(2023, None, "vn2013", id="2023-is-vn2013"),
        pytest.param(2024, None, "vn2022", id="2024-is-vn2022"),
        pytest.param(2021, "vn2022", "vn2022", id="regime-overrides-year"),
    ],
)
def test_regime_follows_the_year_unless_given(year, regime, expected):
    data = {**base(), "year": year}
    if regime:
        data["regime"] = regime
    assert parse_dossier(data).regime == expected


def test_arguments_override_the_input():
    dossier = parse_dossier({**base(), "regime": "vn2013"}, year=2025, regime="vn2022")
    assert (dossier.year, dossier.regime) == (2025, "vn2022")
    dossier = parse_dossier({k: v for k, v in base().items() if k != "year"}, year=2024)
    assert (dossier.year, dossier.regime) == (2024, "vn2022")


def test_unknown_keys_outside_settings_are_ignored():
    data = copy.deepcopy(base())
    data["extra"] = 1
    data["people"][0]["position"] = "Chuyên viên"
    assert len(parse_dossier(data).people) == 4


def test_empty_and_absent_lists_are_fine():
    dossier = parse_dossier({"year": 2021})
    assert (dossier.people, dossier.collectives) == ((), ())
    dossier = parse_dossier(
        {"year": 2021, "people": [person(collective=None, disciplines=None, history=[])]}
    )
    assert dossier.people[0].disciplines == ()
