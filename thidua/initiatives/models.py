"""Initiatives (sáng kiến), the initiative council that scores them, their recognition at office,
provincial and national level, their use as the basis of a title, and the library of good
examples (nhân rộng điển hình tiên tiến).

An initiative changes state only through `services.initiative_transition`, which follows the
TRANSITIONS table and leaves an `InitiativeTransition` row and an audit event. Recognitions and
uses are facts added next to the initiative, never overwritten.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ENGINE_LEVEL_ORDER = ("co_so", "tinh", "toan_quoc")


class InitiativeField(models.TextChoices):
    """Lĩnh vực of an initiative in an office of the National Assembly delegation and council."""

    ADMINISTRATION = "administration", _("Hành chính, văn phòng")
    LEGISLATION = "legislation", _("Tham mưu hoạt động Đoàn ĐBQH, HĐND")
    SUPERVISION = "supervision", _("Giám sát, khảo sát")
    CITIZENS = "citizens", _("Tiếp công dân, xử lý đơn thư")
    DIGITAL = "digital", _("Công nghệ thông tin, chuyển đổi số")
    FINANCE = "finance", _("Tài chính, kế toán, quản trị")
    PERSONNEL = "personnel", _("Tổ chức, cán bộ")
    OTHER = "other", _("Lĩnh vực khác")


class InitiativeStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Trả lại để bổ sung")
    RESUBMITTED = "resubmitted", _("Đã nộp lại")
    UNDER_REVIEW = "under_review", _("Đang xét duyệt")
    RECOGNISED = "recognised", _("Được công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không được công nhận")
    WITHDRAWN = "withdrawn", _("Đã rút")


class ApplicationKind(models.TextChoices):
    APPLIED = "applied", _("Đã áp dụng")
    TRIAL = "trial", _("Áp dụng thử")


class Level(models.TextChoices):
    """Recognition level; the values are the rules engine's initiative levels."""

    CO_SO = "co_so", _("Cấp cơ sở")
    TINH = "tinh", _("Cấp tỉnh")
    TOAN_QUOC = "toan_quoc", _("Toàn quốc")


class InitiativeCouncil(models.Model):
    """The initiative review council of an agency for one year, with its scoring settings.

    Its members are the users holding the role `initiative_council_member` at the agency; each
    review session keeps a snapshot of who they were on the day.
    """

    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(
        _("tên hội đồng"), max_length=200, default="Hội đồng xét duyệt sáng kiến"
    )
    governing_body = models.CharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    place = models.CharField(_("địa danh"), max_length=100, default="Đồng Tháp")
    minutes_issuer_code = models.CharField(
        _("ký hiệu biên bản của hội đồng"), max_length=30, default="HĐSK"
    )
    decision_issuer_code = models.CharField(
        _("ký hiệu quyết định công nhận"),
        max_length=30,
        help_text=_("Ví dụ VP-HĐSK: số quyết định có dạng 01/QĐ-VP-HĐSK."),
    )
    pass_mark = models.DecimalField(
        _("điểm đạt"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(50),
        help_text=_("Điểm trung bình từ mức này trở lên là đạt."),
    )
    vote_threshold_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ biểu quyết (%)"),
        default=50,
        help_text=_("Đề nghị công nhận khi số phiếu đồng ý vượt quá tỷ lệ này của số thành viên."),
    )
    min_coauthor_share = models.DecimalField(
        _("tỷ lệ đóng góp tối thiểu của đồng tác giả (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Để trống: không quy định."),
    )
    chair_name = models.CharField(_("chủ tịch hội đồng"), max_length=150, blank=True)
    secretary_name = models.CharField(_("thư ký hội đồng"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("hội đồng xét duyệt sáng kiến")
        verbose_name_plural = _("hội đồng xét duyệt sáng kiến")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_initiative_council_year"),
            models.CheckConstraint(
                condition=Q(vote_threshold_percent__lte=100), name="council_vote_threshold_range"
            ),
        ]

    def __str__(self):
        return f"{self.name} năm {self.year}"

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_points for c in self.criteria.all()), Decimal(0))


class Criterion(models.Model):
    council = models.ForeignKey(
        InitiativeCouncil, on_delete=models.CASCADE, related_name="criteria"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.SlugField(_("mã tiêu chí"), max_length=30)
    name = models.CharField(_("tiêu chí"), max_length=150)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")
        constraints = [
            models.UniqueConstraint(fields=["council", "code"], name="criterion_code_once"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive"),
        ]

    def __str__(self):
        return f"{self.name} ({self.max_points})"


class Initiative(models.Model):
    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên sáng kiến"), max_length=300)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=InitiativeField.choices)
    problem = models.TextField(_("thực trạng, vấn đề cần giải quyết"))
    solution = models.TextField(_("nội dung giải pháp"))
    novelty = models.TextField(_("tính mới của giải pháp"))
    applied_where = models.CharField(_("nơi áp dụng"), max_length=300)
    applied_since = models.DateField(_("áp dụng từ ngày"))
    application_kind = models.CharField(
        _("hình thức áp dụng"),
        max_length=10,
        choices=ApplicationKind.choices,
        default=ApplicationKind.APPLIED,
    )
    effect = models.TextField(_("hiệu quả"), help_text=_("Nêu số liệu đo được nếu có."))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    # Highest recognised level and the date of the office-level recognition, kept by the
    # recognition services for the library's filters.
    level = models.CharField(_("cấp công nhận"), max_length=10, choices=Level.choices, blank=True)
    recognized_on = models.DateField(_("ngày công nhận cấp cơ sở"), null=True, blank=True)
    search_title = models.CharField(max_length=300, editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        indexes = [models.Index(fields=["agency", "status"], name="initiative_agency_status")]

    def __str__(self):
        return self.title

    @property
    def code(self) -> str:
        """The id the rules engine and the lists show: "SK-2026-007"."""
        return f"SK-{self.year}-{self.pk:03d}" if self.pk else "SK"


class InitiativeAuthor(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="initiative_authorships"
    )
    share = models.DecimalField(_("tỷ lệ đóng góp (%)"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("tác giả")
        verbose_name_plural = _("tác giả")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "person"], name="author_once"),
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=100), name="author_share_range"
            ),
        ]

    def __str__(self):
        return f"{self.person.full_name} ({self.share}%)"


class Evidence(models.Model):
    """An attachment, checked by type, size and content, stored outside the web root."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="initiatives/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")

    def __str__(self):
        return self.original_name


class InitiativeTransition(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, choices=InitiativeStatus.choices)
    to_status = models.CharField(max_length=20, choices=InitiativeStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Đang họp")
    CLOSED = "closed", _("Đã kết thúc")


class ReviewSession(models.Model):
    council = models.ForeignKey(
        InitiativeCouncil, on_delete=models.PROTECT, related_name="sessions"
    )
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm họp"), max_length=200, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("thành viên dự họp")
    )
    minutes_number = models.OneToOneField(
        "decisions.RegisteredNumber",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("số biên bản"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("phiên họp xét duyệt sáng kiến")
        verbose_name_plural = _("phiên họp xét duyệt sáng kiến")

    def __str__(self):
        return f"Phiên họp ngày {self.held_on:%d/%m/%Y}"


class SessionItem(models.Model):
    """An initiative on a session's agenda and, once the session closes, its result."""

    session = models.ForeignKey(ReviewSession, on_delete=models.PROTECT, related_name="items")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, related_name="session_items"
    )
    order = models.PositiveSmallIntegerField(default=0)
    mean_score = models.DecimalField(
        _("điểm trung bình"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    yes_votes = models.PositiveSmallIntegerField(_("phiếu đồng ý"), null=True, blank=True)
    member_count = models.PositiveSmallIntegerField(_("số thành viên"), null=True, blank=True)
    passed = models.BooleanField(_("đề nghị công nhận"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "initiative"], name="agenda_item_once"),
        ]

    def __str__(self):
        return f"{self.session}: {self.initiative}"


class ScoreSheet(models.Model):
    """One member's scores and vote on one initiative in one session."""

    item = models.ForeignKey(SessionItem, on_delete=models.CASCADE, related_name="sheets")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=2)
    recognise = models.BooleanField(_("đồng ý đề nghị công nhận"))
    comment = models.TextField(_("nhận xét"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="one_score_sheet_per_member"),
        ]

    def __str__(self):
        return f"{self.member}: {self.total}"


class ScoreLine(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="lines")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["criterion__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.points}"


class RecognitionDecision(models.Model):
    """The head's decision recognising initiatives at office level (own number series)."""

    council = models.ForeignKey(
        InitiativeCouncil, on_delete=models.PROTECT, related_name="decisions"
    )
    session = models.ForeignKey(
        ReviewSession, on_delete=models.PROTECT, related_name="decisions", null=True, blank=True
    )
    number = models.OneToOneField(
        "decisions.RegisteredNumber", on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("ngày quyết định"))
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_position = models.CharField(
        _("chức vụ người ký"), max_length=100, default="CHÁNH VĂN PHÒNG"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("quyết định công nhận sáng kiến")
        verbose_name_plural = _("quyết định công nhận sáng kiến")

    def __str__(self):
        return self.number.code


class Recognition(models.Model):
    """Recognition of an initiative at one level: the office's own decision (co_so) or a
    provincial / national decision recorded afterwards."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, related_name="recognitions"
    )
    level = models.CharField(_("cấp công nhận"), max_length=10, choices=Level.choices)
    decision = models.ForeignKey(
        RecognitionDecision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recognitions",
    )
    decision_code = models.CharField(_("số quyết định"), max_length=60)
    decided_on = models.DateField(_("ngày quyết định"))
    issuer_name = models.CharField(_("cơ quan công nhận"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = _("công nhận sáng kiến")
        verbose_name_plural = _("công nhận sáng kiến")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "level"], name="recognised_once_per_level"
            )
        ]

    def __str__(self):
        return f"{self.get_level_display()}: {self.decision_code}"


class InitiativeUse(models.Model):
    """The initiative backed this title in this year; it cannot back the same title again."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="uses")
    title_code = models.CharField(_("danh hiệu"), max_length=20)
    year = models.PositiveSmallIntegerField(_("năm"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "title_code"], name="initiative_used_once_per_title"
            )
        ]

    def __str__(self):
        return f"{self.initiative}: {self.title_code} {self.year}"


class Exemplar(models.Model):
    """A person or a division the head marks as a good example, with a short write-up."""

    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    person = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exemplars",
        verbose_name=_("cá nhân"),
    )
    unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exemplars",
        verbose_name=_("tập thể"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    write_up = models.TextField(_("giới thiệu điển hình"))
    search_title = models.CharField(max_length=300, editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-year", "-published_at"]
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = _("điển hình tiên tiến")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, unit__isnull=True)
                    | Q(person__isnull=True, unit__isnull=False)
                ),
                name="exemplar_one_subject",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id else self.unit.name
