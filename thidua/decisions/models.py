"""The number register (sổ đăng ký văn bản): one series per issuer, document type and year.

Numbers run from 1 each calendar year per issuing body and type (Decree 30/2020/NĐ-CP); a number
with its code is never issued twice, which a unique constraint guarantees even under concurrent
requests. An advisory council that uses the office seal keeps its own series (its own `series`
name under the same issuer).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
