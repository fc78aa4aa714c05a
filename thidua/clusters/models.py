"""Emulation clusters and blocks (cụm, khối thi đua) of a province's agencies, year by year.

A `Cluster` is the standing group; a `ClusterYear` holds one year's members, leader and deputy
(rotating), covenant, scoring table (sections of criteria, bonus and penalty items, each with
its maximum), the scores the agencies give (self and cross), the evidence, and, once finalised,
the locked ranking with its proposals (CO_TINH, BK_TINH).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ClusterKind(models.TextChoices):
    CLUSTER = "cluster", _("Cụm thi đua")
    BLOCK = "block", _("Khối thi đua")


class Cluster(models.Model):
    province = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh")
    )
    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    kind = models.CharField(
        _("loại"), max_length=10, choices=ClusterKind.choices, default=ClusterKind.CLUSTER
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")

    def __str__(self):
        return self.name


class YearStatus(models.TextChoices):
    DRAFT = "draft", _("Chuẩn bị")
    SELF_SCORING = "self_scoring", _("Đang tự chấm điểm")
    CROSS_SCORING = "cross_scoring", _("Đang chấm chéo")
    FINALISED = "finalised", _("Đã chốt kết quả")


class CrossScorers(models.TextChoices):
    LEADER = "leader", _("Cơ quan Trưởng cụm (Phó cụm chấm Trưởng cụm)")
    ALL = "all", _("Tất cả thành viên chấm chéo nhau")


class FinalRule(models.TextChoices):
    LEADER = "leader", _("Điểm của Trưởng cụm")
    MEAN = "mean", _("Trung bình điểm chấm chéo")


class ClusterYear(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="years")
    year = models.PositiveSmallIntegerField(_("năm"))
    leader = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Trưởng cụm"),
    )
    deputy = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Phó Trưởng cụm"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=YearStatus.choices, default=YearStatus.DRAFT
    )
    cross_scorers = models.CharField(
        _("ai chấm chéo"), max_length=10, choices=CrossScorers.choices, default=CrossScorers.LEADER
    )
    final_rule = models.CharField(
        _("cách tính điểm cuối cùng"),
        max_length=10,
        choices=FinalRule.choices,
        default=FinalRule.LEADER,
    )
    flag_count = models.PositiveSmallIntegerField(_("số đề nghị Cờ thi đua"), default=1)
    bk_count = models.PositiveSmallIntegerField(_("số đề nghị Bằng khen"), default=2)
    self_deadline = models.DateField(_("hạn tự chấm"), null=True, blank=True)
    cross_deadline = models.DateField(_("hạn chấm chéo"), null=True, blank=True)
    covenant_signed_on = models.DateField(_("ngày ký giao ước"), null=True, blank=True)
    covenant_place = models.CharField(_("nơi ký giao ước"), max_length=200, blank=True)
    covenant_items = models.TextField(_("nội dung giao ước (mỗi dòng một cam kết)"), blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "cluster__name"]
        verbose_name = _("năm thi đua của cụm, khối")
        verbose_name_plural = _("năm thi đua của cụm, khối")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="one_cluster_year"),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100), name="cluster_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.cluster} – {self.year}"

    @property
    def is_locked(self) -> bool:
        return self.status == YearStatus.FINALISED


class ClusterMember(models.Model):
    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="members")
    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="cluster_memberships"
    )
    rotation_order = models.PositiveSmallIntegerField(_("thứ tự luân phiên"), default=0)

    class Meta:
        ordering = ["rotation_order", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "agency"], name="one_member_per_year")
        ]

    def __str__(self):
        return str(self.agency)


class SectionKind(models.TextChoices):
    CRITERIA = "criteria", _("Tiêu chí chấm điểm")
    BONUS = "bonus", _("Điểm thưởng")
    PENALTY = "penalty", _("Điểm trừ")


class Section(models.Model):
    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("tên phần"), max_length=300)
    kind = models.CharField(
        _("loại"), max_length=10, choices=SectionKind.choices, default=SectionKind.CRITERIA
    )
    cap = models.DecimalField(
        _("điểm tối đa của phần"), max_digits=7, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("nội dung tiêu chí"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["section__order", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gt=0), name="cluster_criterion_max_positive"
            )
        ]

    def __str__(self):
        return self.text


class Score(models.Model):
    """The points `scorer` gives `subject` on one criterion; scorer = subject is a self-score."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    scorer = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "scorer", "subject"], name="cluster_one_score_per_scorer"
            ),
            models.CheckConstraint(condition=Q(points__gte=0), name="cluster_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.scorer_id} → {self.subject_id}: {self.points}"


class Evidence(models.Model):
    """A file backing an agency's self-score of one criterion, stored outside the web root."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="evidence")
    agency = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="clusters/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class Result(models.Model):
    """The locked outcome for one member, written once when the year is finalised."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="results")
    agency = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    base = models.DecimalField(max_digits=8, decimal_places=2)
    bonus = models.DecimalField(max_digits=8, decimal_places=2)
    penalty = models.DecimalField(max_digits=8, decimal_places=2)
    total = models.DecimalField(max_digits=8, decimal_places=2)
    self_total = models.DecimalField(max_digits=8, decimal_places=2)
    rank = models.PositiveSmallIntegerField()
    tied = models.BooleanField(default=False)
    boundary_tie = models.BooleanField(default=False)
    proposal = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["rank", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "agency"], name="one_result_per_year")
        ]

    def __str__(self):
        return f"{self.agency} – {self.rank}"
