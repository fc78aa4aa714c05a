"""The sơ kết (mid-year) and tổng kết (year-end) reports of a movement.

The figures of a report are computed from the records every time it is rendered; what is stored
is only what people write and decide: the secretariat's narrative paragraphs, and once the report
is issued ("Ban hành"), its BC number from the register and the date. An issued report's text is
frozen: it is an official document.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    SO_KET = "so_ket", _("Sơ kết (giữa năm)")
    TONG_KET = "tong_ket", _("Tổng kết (cuối năm)")


class Report(models.Model):
    movement = models.ForeignKey(
        "movements.Movement",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("phong trào"),
    )
    kind = models.CharField(_("loại báo cáo"), max_length=10, choices=ReportKind.choices)
    assessment = models.TextField(
        _("đánh giá chung, công tác tổ chức"),
        blank=True,
        help_text=_("Mỗi đoạn cách nhau một dòng trống."),
    )
    covenant_results = models.TextField(_("kết quả thực hiện giao ước"), blank=True)
    limitations = models.TextField(_("tồn tại, hạn chế"), blank=True)
    directions = models.TextField(_("phương hướng, nhiệm vụ, kiến nghị"), blank=True)
    number = models.OneToOneField(
        "decisions.RegisteredNumber",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report",
        verbose_name=_("số báo cáo"),
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["movement", "kind"]
        verbose_name = _("báo cáo sơ kết, tổng kết")
        verbose_name_plural = _("báo cáo sơ kết, tổng kết")
        constraints = [
            models.UniqueConstraint(fields=["movement", "kind"], name="one_report_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.movement}"

    @property
    def is_issued(self) -> bool:
        return self.number_id is not None

    def paragraphs(self, field: str) -> list[str]:
        return [p.strip() for p in getattr(self, field).split("\n\n") if p.strip()]
