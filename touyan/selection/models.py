"""Selection: calls, applications, the district's batch, expert reviews, the public notice.

A call belongs to a programme and follows one ``[[selection]]`` entry of its policy
(``spec_code``): conditions, attachments, rubric and notice period come from there. The call's
``stage`` moves forward by explicit service calls; each application moves through ``Status``
(see ``states.py`` for the allowed transitions).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from touyan.core.fields import EncryptedTextField
from touyan.core.models import Stamped


class Call(Stamped):
    class Stage(models.TextChoices):
        DRAFT = "draft", _("未发布")
        OPEN = "open", _("申报与推荐")
        REVIEW = "review", _("专家评审")
        DECISION = "decision", _("审定")
        NOTICE = "notice", _("公示中")
        FINAL = "final", _("名单已确定")

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="calls"
    )
    spec_code = models.CharField(_("遴选类别"), max_length=64)
    # The policy's [[selection]] entry as it stood when the call was made: a call keeps its
    # conditions, rubric and stages even if the programme later moves to another version.
    spec = models.JSONField(_("遴选规则"), default=dict)
    title = models.CharField(_("通知标题"), max_length=200)
    description = models.TextField(_("通知正文"), blank=True)
    places = models.PositiveIntegerField(_("名额"))
    opens_at = models.DateTimeField(_("开始申报"))
    closes_at = models.DateTimeField(_("截止申报"))
    district_deadline = models.DateTimeField(_("区县报送截止"), null=True, blank=True)
    # Trainee calls fill a cohort; host calls create studios; member calls feed the allocation.
    cohort = models.ForeignKey(
        "programmes.Cohort",
        verbose_name=_("入选后编入"),
        # A cohort cannot go while a call fills it, unless its whole programme goes.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
    )
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.DRAFT)
    anonymised = models.BooleanField(_("匿名评审"), default=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("遴选通知")
        verbose_name_plural = _("遴选通知")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opening"
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="call_has_places"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def district_review(self) -> bool:
        return bool(self.spec.get("district_review"))

    @property
    def purpose(self) -> str:
        return self.spec.get("purpose", "")

    def accepts_applications(self, now=None) -> bool:
        now = now or timezone.now()
        return self.stage == self.Stage.OPEN and self.opens_at <= now < self.closes_at


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        RETURNED = "returned", _("退回修改")
        REJECTED = "rejected", _("审核未通过")
        ENDORSED = "endorsed", _("审核通过")
        SELECTED = "selected", _("拟入选")
        NOT_SELECTED = "not_selected", _("未入选")
        CONFIRMED = "confirmed", _("正式入选")
        STRUCK = "struck", _("公示后取消")

    class Route(models.TextChoices):
        SELF = "self", _("个人自荐")
        UNIT = "unit", _("单位推荐")

    class Outcome(models.TextChoices):
        ELIGIBLE = "eligible", _("符合条件")
        EXPERTS = "experts", _("部分条件待专家评议")
        INELIGIBLE = "ineligible", _("不符合条件")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    principal = models.ForeignKey(
        "people.Principal", verbose_name=_("申报人"), on_delete=models.PROTECT, related_name="+"
    )
    # The county of the applicant's school when they applied: the district that reviews it.
    district = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区县"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    route = models.CharField(_("推荐方式"), max_length=8, choices=Route.choices, default=Route.SELF)
    recommending_unit = models.CharField(_("推荐单位"), max_length=200, blank=True)
    # The registry as the applicant saw it, frozen at submission; corrections are requests only.
    profile = models.JSONField(_("个人信息"), default=dict, blank=True)
    corrections = models.JSONField(_("更正申请"), default=dict, blank=True)
    statements = models.JSONField(_("条件陈述"), default=dict, blank=True)
    eligibility = models.JSONField(_("资格审核"), default=list, blank=True)
    outcome = models.CharField(_("资格结论"), max_length=16, choices=Outcome.choices, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    # The first review (the district's, or the centre's when the call has no district stage):
    # who, when and which office — the digital stamp.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewer_name = models.CharField(_("审核人"), max_length=64, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_office = models.CharField(_("审核单位"), max_length=200, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    district_rank = models.PositiveIntegerField(_("区县推荐排序"), null=True, blank=True)
    score = models.DecimalField(
        _("专家平均分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    scored_reviews = models.PositiveSmallIntegerField(_("已评专家数"), default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("审定时间"), null=True, blank=True)
    decision_reason = models.TextField(_("审定理由"), blank=True)
    # Member calls: the studios (pks) in the applicant's order as submitted (HN-3.6), and,
    # once an allocation is published, the studio given and why.
    studio_choices = models.JSONField(_("工作室志愿"), default=list, blank=True)
    placed_studio = models.ForeignKey(
        "programmes.Studio",
        verbose_name=_("分配到的工作室"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    placement_note = models.TextField(_("分配说明"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["call", "district_id", "district_rank", "pk"]
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        constraints = [
            models.UniqueConstraint(fields=["call", "principal"], name="application_once_per_call"),
            models.UniqueConstraint(
                fields=["call", "district", "district_rank"],
                condition=Q(district_rank__isnull=False),
                name="application_unique_district_rank",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "district", "status"]),
            models.Index(fields=["call", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.principal}"

    @property
    def number(self) -> str:
        return f"{self.call_id}-{self.pk:06d}" if self.pk else ""


class Evidence(models.Model):
    """An uploaded proof (PDF, image, Word). Served only through a view that checks access."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    requirement = models.CharField(_("材料类别"), max_length=64)
    file = models.FileField(_("文件"), upload_to="selection/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ["application", "requirement", "pk"]
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")
        constraints = [
            models.UniqueConstraint(fields=["application", "sha256"], name="evidence_once")
        ]

    def __str__(self) -> str:
        return self.original_name


class DistrictBatch(models.Model):
    """What one district sends up for one call: its approved candidates, ranked."""

    class Status(models.TextChoices):
        OPEN = "open", _("审核中")
        SUBMITTED = "submitted", _("已报送")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="batches")
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitter_name = models.CharField(_("报送人"), max_length=64, blank=True)
    office = models.CharField(_("报送单位"), max_length=200, blank=True)
    candidates = models.PositiveIntegerField(_("推荐人数"), default=0)

    class Meta:
        ordering = ["call", "district_id"]
        verbose_name = _("区县报送")
        verbose_name_plural = _("区县报送")
        constraints = [
            models.UniqueConstraint(fields=["call", "district"], name="batch_once_per_district")
        ]

    def __str__(self) -> str:
        return f"{self.call} · {self.district_id}"


class Panel(models.Model):
    """An expert on a call's review panel: their school (for conflicts) and their capacity."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="panel")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        "people.School",
        verbose_name=_("所在学校"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity = models.PositiveIntegerField(_("评审上限"), null=True, blank=True)

    class Meta:
        ordering = ["call", "pk"]
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        constraints = [models.UniqueConstraint(fields=["call", "expert"], name="panel_once")]

    def __str__(self) -> str:
        return str(self.expert)


class Conflict(models.Model):
    """A conflict of interest an expert declared: with one applicant, or a whole school."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="conflicts")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    principal = models.ForeignKey(
        "people.Principal", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    school = models.ForeignKey(
        "people.School", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("回避理由"), max_length=200)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("利益冲突声明")
        verbose_name_plural = _("利益冲突声明")
        constraints = [
            models.CheckConstraint(
                condition=Q(principal__isnull=False) | Q(school__isnull=False),
                name="conflict_names_someone",
            )
        ]

    def __str__(self) -> str:
        return self.reason


class Review(models.Model):
    """One expert's scoring of one application. Experts propose; the authority decides."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    manual = models.BooleanField(_("人工指定"), default=False)
    scores = models.JSONField(_("各项得分"), default=dict, blank=True)
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("评审意见"), blank=True)
    recommend = models.BooleanField(_("建议入选"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("专家评审")
        verbose_name_plural = _("专家评审")
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="review_once_per_expert")
        ]
        indexes = [models.Index(fields=["expert", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.application} · {self.expert}"


class Notice(models.Model):
    """The public notice (公示) of a call's decided list and its objection period."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="notice")
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示截止"))
    text = models.TextField(_("公示说明"), blank=True)
    contact = models.CharField(_("受理联系方式"), max_length=200, blank=True)
    finalised_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")

    def __str__(self) -> str:
        return str(self.call)

    def is_open(self, today) -> bool:
        return self.starts_on <= today <= self.ends_on


class Objection(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="objections")
    application = models.ForeignKey(
        Application,
        verbose_name=_("涉及人选"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="objections",
    )
    # Objectors must be safe from retaliation: who they are is encrypted at rest and shown only
    # on the page of the staff handling the notice's objections.
    name = EncryptedTextField(_("反映人"))
    contact = EncryptedTextField(_("联系方式"))
    text = models.TextField(_("反映内容"))
    lodged_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    status = models.CharField(
        _("处理结果"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    handling = models.TextField(_("处理情况"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["notice", "lodged_at", "pk"]
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")

    def __str__(self) -> str:
        # Never the objector's name: this label is kept in the audit trail.
        return _("公示异议 %(number)s") % {"number": self.pk}
