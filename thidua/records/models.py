"""Yearly facts per person and per division: the data the rules engine judges.

Nothing here is overwritten. A yearly value (a person's rating, a division's findings) is a
chain of versions: a correction supersedes the current row and carries its reason and actor, so
the current version is the one with ``superseded_at`` NULL (one per subject and year, enforced by
a partial unique constraint) and the older ones stay queryable. Facts that come as lists
(disciplines, leaves, trainings, research topics) are withdrawn with a reason, never deleted.
Rows change only through ``services.py``, which checks roles and writes the audit event.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thidua.org.models import ImportStatus


class Rating(models.TextChoices):
    """Yearly quality rating (NĐ 90/2020/NĐ-CP, sửa đổi NĐ 48/2023/NĐ-CP), best first."""

    HTXSNV = "HTXSNV", _("Hoàn thành xuất sắc nhiệm vụ")
    HTTNV = "HTTNV", _("Hoàn thành tốt nhiệm vụ")
    HTNV = "HTNV", _("Hoàn thành nhiệm vụ")
    KHTNV = "KHTNV", _("Không hoàn thành nhiệm vụ")


class DisciplineForm(models.TextChoices):
    """Disciplinary forms, mildest first."""

    KHIEN_TRACH = "khien_trach", _("Khiển trách")
    CANH_CAO = "canh_cao", _("Cảnh cáo")
    HA_BAC_LUONG = "ha_bac_luong", _("Hạ bậc lương")
    GIANG_CHUC = "giang_chuc", _("Giáng chức")
    CACH_CHUC = "cach_chuc", _("Cách chức")
    BUOC_THOI_VIEC = "buoc_thoi_viec", _("Buộc thôi việc")


class LeaveKind(models.TextChoices):
    MATERNITY = "maternity", _("Nghỉ thai sản")
    INJURY_ON_DUTY = "injury_on_duty", _("Điều trị thương tích khi thực hiện nhiệm vụ")
    SICK = "sick", _("Nghỉ ốm")
    PERSONAL = "personal", _("Nghỉ việc riêng")
    OTHER = "other", _("Nghỉ khác")


class TrainingResult(models.TextChoices):
    XUAT_SAC = "xuat_sac", _("Xuất sắc")
    GIOI = "gioi", _("Giỏi")
    KHA = "kha", _("Khá")
    TRUNG_BINH = "trung_binh", _("Trung bình")
    KHONG_DAT = "khong_dat", _("Không đạt")


class Versioned(models.Model):
    """One version of a yearly value; a correction supersedes it with a reason."""

    reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người ghi"),
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)
    superseded_at = models.DateTimeField(_("thời điểm bị thay thế"), null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
        verbose_name=_("phiên bản thay thế"),
    )

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class Withdrawable(models.Model):
    """A fact in a list: recorded once, withdrawn (never deleted) when it was wrong."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người ghi"),
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("thời điểm huỷ"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người huỷ"),
    )
    withdrawn_reason = models.TextField(_("lý do huỷ"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class PersonRating(Versioned):
    """A person's rating for a year (xếp loại chất lượng hằng năm)."""

    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="ratings", verbose_name=_("cán bộ")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=10, choices=Rating.choices)

    class Meta:
        ordering = ["-year", "-recorded_at", "-id"]
        verbose_name = _("xếp loại cá nhân")
        verbose_name_plural = _("xếp loại cá nhân")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_rating_per_person_year",
            ),
        ]
        indexes = [models.Index(fields=["year", "person"], name="records_rating_year_person")]

    def __str__(self):
        return f"{self.person_id} {self.year}: {self.rating}"


class Discipline(Withdrawable):
    """A disciplinary decision (quyết định kỷ luật); it counts in the year of ``decided_on``."""

    person = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        related_name="disciplines",
        verbose_name=_("cán bộ"),
    )
    form = models.CharField(_("hình thức kỷ luật"), max_length=20, choices=DisciplineForm.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decided_on = models.DateField(_("ngày quyết định"))
    # Thời hạn thi hành kỷ luật: from when to when the measure applies.
    period_start = models.DateField(_("thi hành từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("thi hành đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    # Whether the violation relates to public duties: from rating year 2026 only such a
    # discipline makes the year's rating KHTNV (NĐ 335/2025/NĐ-CP); None = not recorded, which
    # the rules engine counts as related and asks to record.
    duty_related = models.BooleanField(
        _("vi phạm liên quan đến hoạt động công vụ"), null=True, blank=True
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="discipline_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.get_form_display()} {self.decision_number} ({self.decided_on:%d/%m/%Y})"


class PriorService(Withdrawable):
    """Work at the same office under an earlier contract (hợp đồng) before the recruitment: a
    period that runs without a break into ``recruited_on`` counts toward the months worked in
    the recruitment year (thidua/rules/FORMAT.md, "Prior service at the same office")."""

    person = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        related_name="prior_service_periods",
        verbose_name=_("cán bộ"),
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    note = models.CharField(_("hợp đồng, ghi chú"), max_length=255, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("thời gian làm việc theo hợp đồng trước khi tuyển dụng")
        verbose_name_plural = _("thời gian làm việc theo hợp đồng trước khi tuyển dụng")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="prior_service_period_ordered"
            ),
        ]

    def __str__(self):
        return f"Hợp đồng {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"


class Leave(Withdrawable):
    """A leave entered in a year's record (kind, both days included)."""

    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="leaves", verbose_name=_("cán bộ")
    )
    # The year whose record the leave was entered in; a leave not touching it is flagged.
    year = models.PositiveSmallIntegerField(_("năm hồ sơ"))
    kind = models.CharField(_("loại nghỉ"), max_length=20, choices=LeaveKind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("thời gian nghỉ")
        verbose_name_plural = _("thời gian nghỉ")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="leave_period_ordered"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"


class Training(Withdrawable):
    """A training course (đào tạo, bồi dưỡng); the result may not be known yet."""

    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="trainings", verbose_name=_("cán bộ")
    )
    name = models.CharField(_("tên khoá học"), max_length=255, blank=True)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    result = models.CharField(
        _("kết quả"), max_length=20, choices=TrainingResult.choices, blank=True
    )

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("đào tạo, bồi dưỡng")
        verbose_name_plural = _("đào tạo, bồi dưỡng")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="training_period_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.name or 'Đào tạo'} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"


class ResearchTopic(Withdrawable):
    """A research topic (đề tài khoa học) the person led; it backs CSTĐCS when accepted in the
    year and applied."""

    person = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        related_name="research_topics",
        verbose_name=_("cán bộ"),
    )
    title = models.CharField(_("tên đề tài"), max_length=500)
    accepted_on = models.DateField(_("ngày nghiệm thu"), null=True, blank=True)
    applied = models.BooleanField(_("đã được áp dụng"), default=False)

    class Meta:
        ordering = ["-accepted_on", "-id"]
        verbose_name = _("đề tài khoa học")
        verbose_name_plural = _("đề tài khoa học")

    def __str__(self):
        return self.title

    @property
    def code(self) -> str:
        return f"DT-{self.pk}"


class CollectiveRecord(Versioned):
    """A division's findings for a year: its rating and the review's yes/no findings."""

    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="collective_records",
        verbose_name=_("tập thể"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại tập thể"), max_length=10, choices=Rating.choices)
    emulation_effective = models.BooleanField(_("phong trào thi đua thường xuyên, hiệu quả"))
    solidarity = models.BooleanField(_("nội bộ đoàn kết"))

    class Meta:
        ordering = ["-year", "-recorded_at", "-id"]
        verbose_name = _("kết quả tập thể")
        verbose_name_plural = _("kết quả tập thể")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_collective_record_per_unit_year",
            ),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.year}: {self.rating}"


class RecordImportBatch(models.Model):
    """An uploaded file of yearly records, parsed and validated, waiting for confirmation.

    Kept apart from ``org.ImportBatch`` (whose rows are units and staff) so each import's
    preview reads only its own rows; the statuses are the same.
    """

    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    filename = models.CharField(_("tên tệp"), max_length=255)
    file_sha256 = models.CharField(max_length=64)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=ImportStatus.choices,
        default=ImportStatus.PREVIEW,
    )
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lần nhập hồ sơ thi đua")
        verbose_name_plural = _("lần nhập hồ sơ thi đua")

    def __str__(self):
        return self.filename
