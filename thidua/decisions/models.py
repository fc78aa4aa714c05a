"""The number register (sổ đăng ký văn bản): one series per issuer, document type and year.

Numbers run from 1 each calendar year per issuing body and type (Decree 30/2020/NĐ-CP); a number
with its code is never issued twice, which a unique constraint guarantees even under concurrent
requests. An advisory council that uses the office seal keeps its own series (its own `series`
name under the same issuer).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.org.models import ImportStatus


class DocType(models.TextChoices):
    QD = "QĐ", _("Quyết định")
    KH = "KH", _("Kế hoạch")
    TTR = "TTr", _("Tờ trình")
    BC = "BC", _("Báo cáo")
    BB = "BB", _("Biên bản")
    TB = "TB", _("Thông báo")
    HD = "HD", _("Hướng dẫn")
    GUT = "GUTĐ", _("Giao ước thi đua")


class RegisteredNumber(models.Model):
    issuer = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan ban hành")
    )
    series = models.CharField(
        _("sổ"),
        max_length=30,
        default="",
        blank=True,
        help_text=_("Để trống cho sổ chung của cơ quan; ví dụ HĐTĐKT cho sổ riêng của Hội đồng."),
    )
    doc_type = models.CharField(_("loại văn bản"), max_length=10, choices=DocType.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    issuer_code = models.CharField(_("ký hiệu cơ quan"), max_length=30)
    issued_on = models.DateField(_("ngày ban hành"))
    summary = models.CharField(_("trích yếu"), max_length=300)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "doc_type", "-number"]
        verbose_name = _("số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "series", "doc_type", "year", "number"], name="number_issued_once"
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="number_positive"),
        ]

    def __str__(self):
        return self.code

    @property
    def code(self) -> str:
        """ "114/KH-VP"."""
        return f"{self.number:02d}/{self.doc_type}-{self.issuer_code}"


class Award(models.Model):
    """A title or award received (the awards history that upward screening reads).

    Rows are added when a decision is issued, or recorded from paper-era decisions; a wrong row
    is revoked with a reason (a new fact), never deleted.
    """

    person = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("cá nhân"),
    )
    unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("tập thể"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title_code = models.CharField(_("danh hiệu, hình thức"), max_length=20)
    decision_code = models.CharField(_("số quyết định"), max_length=60)
    decided_on = models.DateField(_("ngày quyết định"))
    issuer_name = models.CharField(_("cấp quyết định"), max_length=200)
    amount_vnd = models.PositiveBigIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)
    decision = models.ForeignKey(
        "Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("quyết định trong hệ thống"),
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "title_code"]
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("lịch sử khen thưởng")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False, unit__isnull=True)
                    | models.Q(person__isnull=True, unit__isnull=False)
                ),
                name="award_one_subject",
            ),
        ]

    def __str__(self):
        subject = self.person or self.unit
        return f"{subject} – {self.title_code} {self.year}"


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SIGNED = "signed", _("Đã ký")
    CANCELLED = "cancelled", _("Đã huỷ")


class Decision(models.Model):
    """An award decision (quyết định khen thưởng) of the head of an agency, with its annexed list.

    A draft has no number; signing takes the next QĐ number of the agency's register and records
    the awards; cancelling keeps the number (never reissued) and revokes the awards with a reason.
    """

    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    year = models.PositiveSmallIntegerField(_("năm thi đua"))
    summary = models.CharField(_("trích yếu"), max_length=300)
    grounds = models.TextField(_("căn cứ"), blank=True, help_text=_("Mỗi căn cứ một dòng."))
    articles = models.TextField(
        _("các điều"),
        blank=True,
        help_text=_("Mỗi điều một dòng, bắt đầu bằng “Điều 1.”; để trống để dùng nội dung mẫu."),
    )
    recipients = models.TextField(
        _("nơi nhận"), blank=True, help_text=_("Mỗi nơi nhận một dòng; dòng cuối “Lưu: VT, …”.")
    )
    governing_body = models.CharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    issuer_code = models.CharField(_("ký hiệu cơ quan"), max_length=30)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100)
    signer_name = models.CharField(_("họ tên người ký"), max_length=150, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=DecisionStatus.choices,
        default=DecisionStatus.DRAFT,
    )
    source_type = models.CharField(max_length=80, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    number = models.OneToOneField(
        RegisteredNumber,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("số quyết định"),
    )
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scan = models.FileField(upload_to="decisions/%Y/", blank=True)
    scan_name = models.CharField(_("tên tệp bản ký"), max_length=255, blank=True)
    cancelled_at = models.DateTimeField(_("huỷ lúc"), null=True, blank=True)
    cancelled_reason = models.TextField(_("lý do huỷ"), blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-signed_on", "-id"]
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self):
        return self.code or f"Dự thảo {self.summary}"

    @property
    def code(self) -> str:
        return self.number.code if self.number_id else ""

    @property
    def is_draft(self) -> bool:
        return self.status == DecisionStatus.DRAFT


class DecisionEntry(models.Model):
    """One line of the annexed list: a person or a division and the title or award decided."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="entries", verbose_name=_("quyết định")
    )
    person = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cá nhân"),
    )
    unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tập thể"),
    )
    title_code = models.CharField(_("danh hiệu, hình thức"), max_length=20)
    achievement = models.CharField(_("thành tích"), max_length=300, blank=True)
    # Filled from the membership in force on the decision date (at signing; in the draft, today).
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    division_name = models.CharField(_("đơn vị"), max_length=255, blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("dòng danh sách kèm theo")
        verbose_name_plural = _("danh sách kèm theo")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False, unit__isnull=True)
                    | models.Q(person__isnull=True, unit__isnull=False)
                ),
                name="decision_entry_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.person or self.unit} – {self.title_code}"

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id else self.unit.name


class AwardImportBatch(models.Model):
    """An uploaded file of past awards (before the system), parsed and validated, waiting for
    confirmation; the statuses are those of the other imports (org.ImportStatus)."""

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
        verbose_name = _("lần nhập lịch sử khen thưởng")
        verbose_name_plural = _("các lần nhập lịch sử khen thưởng")

    def __str__(self):
        return self.filename
