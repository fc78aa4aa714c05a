"""Legal parameters as dated rows: base salary, reward coefficients per title, the rounding
step of reward money, the same-period money rule, the CSTĐCS quota per regime and the first
evaluation year of each regime (thidua/rules/parameters.py).

A row is never changed or deleted: when a decree sets a new value, an administrator adds a row
with its effective-from date and the document that set it; a wrongly entered row is corrected
by a later row (same kind and key, later date) or, for the same date, by withdrawing it with a
reason. The engine and every document read the row in force on the decision date.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.rules import parameters as rp


class ParameterKind(models.TextChoices):
    BASE_SALARY = rp.BASE_SALARY, _("Mức lương cơ sở (đồng/tháng)")
    COEFFICIENT = rp.COEFFICIENT, _("Hệ số tiền thưởng theo danh hiệu, hình thức")
    ROUNDING_STEP = rp.ROUNDING_STEP, _("Bước làm tròn tiền thưởng (đồng)")
    SAME_PERIOD_HIGHEST_ONLY = (
        rp.SAME_PERIOD_HIGHEST_ONLY,
        _("Danh hiệu cùng thời gian được tính chỉ thưởng mức cao nhất (1: có, 0: không)"),
    )
    CSTDCS_CAP_PERCENT = (
        rp.CSTDCS_CAP_PERCENT,
        _("Tỷ lệ tối đa CSTĐCS trên số người đạt LĐTT (%; để trống: không giới hạn)"),
    )
    CAP_ROUNDING = (
        rp.CAP_ROUNDING,
        _("Cách làm tròn số CSTĐCS tối đa (0: xuống, 1: lên, 2: đến số gần nhất)"),
    )
    REGIME_FROM_YEAR = rp.REGIME_FROM_YEAR, _("Năm đánh giá đầu tiên của chế độ pháp lý")


class LegalParameter(models.Model):
    kind = models.CharField(_("loại tham số"), max_length=20, choices=ParameterKind.choices)
    key = models.CharField(
        _("danh hiệu / chế độ"),
        max_length=20,
        blank=True,
        help_text=_(
            "Mã danh hiệu (hệ số) hoặc mã chế độ (vn2013, vn2022: năm đầu tiên, tỷ lệ và "
            "cách làm tròn CSTĐCS); để trống với loại khác."
        ),
    )
    # Empty only for a quota cap: no cap (Luật 06/2022/QH15 Điều 23 sets no ratio).
    value = models.DecimalField(
        _("giá trị"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    effective_from = models.DateField(_("hiệu lực từ ngày"))
    source = models.CharField(
        _("văn bản quy định"),
        max_length=200,
        help_text=_("Số, ký hiệu văn bản và điều, khoản, ví dụ: NĐ 73/2024/NĐ-CP Điều 3 khoản 2"),
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    created_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("lý do thu hồi"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "key", "effective_from", "id"]
        verbose_name = _("tham số pháp lý")
        verbose_name_plural = _("tham số pháp lý")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "effective_from"],
                condition=Q(withdrawn_at__isnull=True),
                name="legal_parameter_one_row_per_date",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="legal_parameter_value_not_negative",
            ),
        ]

    def __str__(self):
        key = f" {self.key}" if self.key else ""
        value = _("không giới hạn") if self.value is None else self.value
        return f"{self.get_kind_display()}{key} từ {self.effective_from:%d/%m/%Y}: {value}"

    def as_row(self) -> rp.ParameterRow:
        return rp.ParameterRow(self.kind, self.key, self.value, self.effective_from, self.source)
