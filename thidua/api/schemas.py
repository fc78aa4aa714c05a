"""Shapes of the API's inputs and outputs (pydantic schemas through django-ninja).

Free text refuses the NUL character (PostgreSQL cannot store it), codes follow the pattern the
pages accept, and numbers are bounded so no input reaches the database as an overflow.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import model_validator
from pydantic_core import PydanticCustomError

Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]
Code = Annotated[str, Field(min_length=1, max_length=30, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Year = Annotated[int, Field(ge=1990, le=2100)]
# The range the staff import accepts.
Date = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2100, 12, 31))]
MAX_LIMIT = 200


class BodyIn(Schema):
    """A request body: a JSON object and nothing else. (ninja's Schema reads attributes off
    any value, so `[1, 2]` sent to an all-optional PATCH was a valid, empty change: a 200 that
    did nothing.)"""

    @model_validator(mode="before")
    @classmethod
    def _object_only(cls, data):
        # ninja hands the body over wrapped in its DjangoGetter.
        body = getattr(data, "_obj", data)
        if not isinstance(body, dict):
            # "dict_type": worded by main.PYDANTIC_MESSAGES like any other shape error.
            raise PydanticCustomError("dict_type", "Input should be a JSON object")
        return data


class ErrorOut(Schema):
    detail: str = Field(..., description="Thông báo lỗi (tiếng Việt).")


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        ..., description="Lỗi theo tên trường; '__all__' cho lỗi không gắn với trường nào."
    )


class PageParams(Schema):
    limit: int = Field(
        50, ge=1, le=MAX_LIMIT, description=f"Số dòng mỗi trang (tối đa {MAX_LIMIT})."
    )
    offset: int = Field(0, ge=0, le=10_000_000, description="Bỏ qua bao nhiêu dòng đầu.")


class Page(Schema):
    count: int
    limit: int
    offset: int


class RoleOut(Schema):
    role: str
    unit: str


class MeOut(Schema):
    username: str
    full_name: str
    staff_code: str | None
    roles: list[RoleOut]
    token_name: str
    token_prefix: str
    token_expires_at: dt.datetime | None


# Organisation ---------------------------------------------------------------------------


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: Literal["province", "agency", "division"]
    parent: str | None = Field(..., description="Mã đơn vị cấp trên.")
    path: str
    order: int
    is_active: bool
    is_collective: bool


class UnitPage(Page):
    items: list[UnitOut]


class PersonOut(Schema):
    staff_code: str
    full_name: str
    gender: Literal["male", "female", ""]
    date_of_birth: dt.date | None
    recruited_on: dt.date
    email: str
    citizen_id_masked: str = Field(..., description="Số CCCD đã che, chỉ hiện 4 số cuối.")
    is_active: bool
    agency: str = Field(..., description="Mã cơ quan.")
    unit: str | None = Field(..., description="Mã đơn vị đang công tác.")
    unit_name: str | None
    position: str | None


class PersonPage(Page):
    items: list[PersonOut]


class PersonIn(BodyIn):
    staff_code: Code
    full_name: Annotated[Text, Field(min_length=1, max_length=150)]
    recruited_on: Date
    unit: Code = Field(..., description="Mã đơn vị (phòng) công tác.")
    position: Annotated[Text, Field(max_length=150)] = ""
    start_date: Date | None = Field(None, description="Mặc định: ngày tuyển dụng.")
    citizen_id: Annotated[str, Field(pattern=r"^([0-9]{12})?$")] = ""
    date_of_birth: Date | None = None
    gender: Literal["male", "female", ""] = ""
    email: Annotated[Text, Field(max_length=254)] = ""


class PersonPatch(BodyIn):
    full_name: Annotated[Text, Field(min_length=1, max_length=150)] | None = None
    citizen_id: Annotated[str, Field(pattern=r"^([0-9]{12})?$")] | None = None
    date_of_birth: Date | None = None
    gender: Literal["male", "female", ""] | None = None
    recruited_on: Date | None = None
    email: Annotated[Text, Field(max_length=254)] | None = None
    is_active: bool | None = None
    reason: Annotated[Text, Field(max_length=1000)] = Field(
        "", description="Lý do thay đổi (ghi vào nhật ký)."
    )


# Yearly records ---------------------------------------------------------------------------

RatingCode = Literal["HTXSNV", "HTTNV", "HTNV", "KHTNV"]


class RatingOut(Schema):
    staff_code: str
    year: int
    rating: RatingCode
    reason: str
    recorded_at: dt.datetime
    recorded_by: str | None
    is_current: bool


class RatingPage(Page):
    items: list[RatingOut]


class RatingIn(BodyIn):
    rating: RatingCode
    reason: Annotated[Text, Field(max_length=2000)] = Field(
        "", description="Bắt buộc khi sửa xếp loại đã có."
    )


class DisciplineOut(Schema):
    id: int
    form: str
    decision_number: str
    decided_on: dt.date
    period_start: dt.date | None
    period_end: dt.date | None
    note: str
    withdrawn: bool


class DisciplineIn(BodyIn):
    form: Literal[
        "khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec"
    ]
    decision_number: Annotated[Text, Field(min_length=1, max_length=60)]
    decided_on: Date
    period_start: Date | None = None
    period_end: Date | None = None
    note: Annotated[Text, Field(max_length=255)] = ""


class LeaveOut(Schema):
    id: int
    year: int
    kind: str
    start: dt.date
    end: dt.date
    note: str
    withdrawn: bool


class LeaveIn(BodyIn):
    kind: Literal["maternity", "injury_on_duty", "sick", "personal", "other"]
    start: Date
    end: Date
    note: Annotated[Text, Field(max_length=255)] = ""


class TrainingOut(Schema):
    id: int
    name: str
    start: dt.date
    end: dt.date
    result: str
    withdrawn: bool


class AwardOut(Schema):
    id: int
    subject: Literal["person", "unit"]
    code: str = Field(..., description="Mã cán bộ hoặc mã tập thể.")
    name: str
    year: int
    title_code: str
    decision_code: str
    decided_on: dt.date
    issuer_name: str
    amount_vnd: int | None
    revoked: bool


class AwardPage(Page):
    items: list[AwardOut]


class PersonYearOut(Schema):
    person: PersonOut
    year: int
    rating: RatingOut | None
    rating_history: list[RatingOut]
    disciplines: list[DisciplineOut]
    leaves: list[LeaveOut]
    trainings: list[TrainingOut]
    awards: list[AwardOut]


# Movements --------------------------------------------------------------------------------


class PhaseOut(Schema):
    order: int
    name: str
    starts_on: dt.date
    ends_on: dt.date


class TargetOut(Schema):
    id: int
    phase: str | None
    subject: str
    title_code: str
    percent: float
    base: str
    strength: str


class MovementOut(Schema):
    id: int
    agency: str
    year: int
    kind: str
    status: str
    title: str
    number: str | None = Field(..., description="Số, ký hiệu kế hoạch (vd. 114/KH-VP).")
    issued_on: dt.date | None
    starts_on: dt.date
    ends_on: dt.date
    registration_deadline: dt.date | None


class MovementPage(Page):
    items: list[MovementOut]


class MovementDetailOut(MovementOut):
    theme: str
    slogan: str
    phases: list[PhaseOut]
    targets: list[TargetOut]


class MeasureOut(Schema):
    count: int
    base: int
    percent: float


class DivisionProgressOut(Schema):
    division: str
    registered: MeasureOut
    eligible: MeasureOut
    achieved: MeasureOut


class TargetProgressOut(Schema):
    target: TargetOut
    registered: MeasureOut
    eligible: MeasureOut
    achieved: MeasureOut
    met: bool
    on_track: bool
    divisions: list[DivisionProgressOut]


class RegistrationOut(Schema):
    id: int
    subject: Literal["person", "unit"]
    code: str
    name: str
    title_code: str
    registered_at: dt.datetime


class RegistrationPage(Page):
    items: list[RegistrationOut]


# Eligibility ------------------------------------------------------------------------------


class EligibilityPersonOut(Schema):
    code: str
    name: str
    unit: str | None
    registered: str | None
    titles: dict[str, Any] = Field(..., description="Kết quả từng danh hiệu, kèm lý do và căn cứ.")
    upward: dict[str, Any]
    flags: list[Any]
    reward: dict[str, Any]


class EligibilityPersonPage(Page):
    agency: str
    year: int
    items: list[EligibilityPersonOut]


class EligibilityCollectiveOut(Schema):
    code: str
    name: str
    member_count: int
    registered: str | None
    titles: dict[str, Any]
    reward: dict[str, Any]


class EligibilityOfficeOut(Schema):
    agency: str
    year: int
    whole_agency: bool
    quota: dict[str, Any]
    collectives: list[EligibilityCollectiveOut]


# Proposals --------------------------------------------------------------------------------


class NomineeOut(Schema):
    subject: Literal["person", "unit"]
    code: str
    name: str
    title_code: str
    eligible: bool | None
    approve_votes: int | None
    present_votes: int | None
    justification: str


class ProposalOut(Schema):
    id: int
    agency: str
    division: str
    kind: str
    status: str
    year: int
    phase: str | None
    reason: str
    agenda: str
    accepted_on: dt.date | None
    submitted_at: dt.datetime | None


class ProposalPage(Page):
    items: list[ProposalOut]


class ProposalDetailOut(ProposalOut):
    nominees: list[NomineeOut]


# Decisions --------------------------------------------------------------------------------


class DecisionEntryOut(Schema):
    subject: Literal["person", "unit"]
    code: str
    name: str
    title_code: str
    achievement: str
    position: str
    division_name: str
    amount_vnd: int | None


class DecisionOut(Schema):
    id: int
    agency: str
    year: int
    status: Literal["draft", "signed", "cancelled"]
    number: str | None = Field(..., description="Số, ký hiệu (vd. 12/QĐ-VP); trống khi dự thảo.")
    summary: str
    signed_on: dt.date | None
    signer_position: str
    signer_name: str
    cancelled_reason: str


class DecisionPage(Page):
    items: list[DecisionOut]


class DecisionDetailOut(DecisionOut):
    entries: list[DecisionEntryOut]
