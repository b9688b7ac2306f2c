"""Assessment rounds (HN-5.2–5.4, HN-4.2.4, HZ-3.4.3): one mechanism for studios, members and
trainees.

The centre opens a ``Round`` from the policy's ``[[assessment.rounds]]``; the round copies the
rubric, grades and survey of the policy version it was opened under (``rubric``), so a later
version of the policy applies to later rounds only. Each subject is a ``Case``: its evidence
dossier is assembled from the records of the period and frozen (content-hashed) when the host
submits; experts score the frozen dossier (``Score``); the centre proposes a grade, the
authority decides it with reasons; publication locks the round. A studio may ask for a review
(``ReviewRequest``, 复核) within the policy's days; a grade's consequence (revocation,
commendation, certification) takes effect when that window closes or the review is decided.

Survey answers (``SurveyAnswer``) are kept apart from who answered (``SurveyInvitation``): an
answer has no respondent, no time and a random key, so rows cannot be matched by order.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from touyan.core.models import Stamped


class Subjects(models.TextChoices):
    STUDIOS = "studios", _("工作室")
    MEMBERS = "members", _("工作室成员")
    TRAINEES = "trainees", _("培养人选")


class Assessor(models.TextChoices):
    EXPERTS = "experts", _("专家组")
    HOST = "host", _("主持人")
    CENTRE = "centre", _("培训中心")


class Consequence(models.TextChoices):
    NONE = "none", _("无")
    COMMEND = "commend", _("表彰")
    REVOKE = "revoke", _("撤销")
    CERTIFY = "certify", _("颁发结业证书")


class Round(Stamped):
    class Stage(models.TextChoices):
        PREPARING = "preparing", _("准备材料")
        SCORING = "scoring", _("专家评审")
        DECIDING = "deciding", _("结果审定")
        PUBLISHED = "published", _("已公布")

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="assessment_rounds"
    )
    # The cohort assessed, for trainee rounds.
    cohort = models.ForeignKey(
        "programmes.Cohort",
        verbose_name=_("培训班"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessment_rounds",
    )
    code = models.CharField(_("考核类别"), max_length=32)
    name = models.CharField(_("名称"), max_length=200)
    subjects = models.CharField(_("考核对象"), max_length=16, choices=Subjects.choices)
    assessed_by = models.CharField(_("评价者"), max_length=16, choices=Assessor.choices)
    survey = models.BooleanField(_("调查成员"), default=False)
    # The period whose records make the evidence.
    period_starts = models.DateField(_("考核期开始"))
    period_ends = models.DateField(_("考核期结束"))
    # The window in which hosts submit (and members answer the survey).
    opens_on = models.DateField(_("提交开始"))
    closes_on = models.DateField(_("提交截止"))
    policy_version = models.ForeignKey(
        "policies.PolicyVersion", on_delete=models.PROTECT, related_name="+"
    )
    # Frozen at opening: {"criteria": [...], "grades": [...], "methods": [...], "survey": [...],
    # "experts_per_subject": 3, "spread": 15, "review_days": 15, "survey_minimum": 5}, each list
    # in the policy schema's shape (policies.schema.Assessment).
    rubric = models.JSONField(_("评分细则"), default=dict)
    stage = models.CharField(
        _("阶段"), max_length=16, choices=Stage.choices, default=Stage.PREPARING
    )
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    publisher_name = models.CharField(_("公布人"), max_length=64, blank=True)
    # Last day on which a studio may ask for a review (复核): publication + review_days.
    review_closes_on = models.DateField(_("复核申请截止"), null=True, blank=True)

    class Meta:
        ordering = ["-period_ends", "programme", "code", "pk"]
        verbose_name = _("考核轮次")
        verbose_name_plural = _("考核轮次")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code", "period_starts"],
                condition=Q(cohort__isnull=True),
                name="round_unique_per_period",
            ),
            models.UniqueConstraint(
                fields=["programme", "cohort", "code", "period_starts"],
                condition=Q(cohort__isnull=False),
                name="round_unique_per_cohort_period",
            ),
            models.CheckConstraint(
                condition=Q(period_ends__gte=models.F("period_starts"))
                & Q(closes_on__gte=models.F("opens_on")),
                name="round_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    """One subject of a round. For a studio round ``studio`` is the subject; for a member round
    ``member`` is (and ``studio`` their studio); for a trainee round ``trainee`` is."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("待提交")
        SUBMITTED = "submitted", _("已提交")
        SCORED = "scored", _("评审完成")
        DECIDED = "decided", _("已审定")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="cases")
    # RESTRICT, not PROTECT: a subject cannot be deleted while a case names it, unless its
    # programme (and so the round with its cases) goes with it.
    studio = models.ForeignKey(
        "programmes.Studio", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(
        "programmes.StudioMember",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="assessment_cases",
    )
    trainee = models.ForeignKey(
        "programmes.Trainee",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="assessment_cases",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PREPARING
    )
    self_report = models.TextField(_("自评报告"), max_length=20000, blank=True)
    # The evidence assembled from the period's records (assessment.dossier); frozen on submit.
    dossier = models.JSONField(_("考核材料"), default=dict, blank=True)
    assembled_at = models.DateTimeField(_("材料汇总时间"), null=True, blank=True)
    # SHA-256 of the canonical dossier with the self-report and the documents' hashes.
    dossier_hash = models.CharField(_("材料指纹"), max_length=64, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitter_name = models.CharField(_("提交人"), max_length=64, blank=True)
    # The experts' mean weighted total (0–100) and the spread of their totals.
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    spread = models.DecimalField(_("分差"), max_digits=5, decimal_places=2, null=True, blank=True)
    needs_moderation = models.BooleanField(_("需合议"), default=False)
    moderation_note = models.TextField(_("合议意见"), max_length=2000, blank=True)
    proposed_grade = models.CharField(_("建议等次"), max_length=32, blank=True)
    grade = models.CharField(_("等次"), max_length=32, blank=True)
    reason = models.TextField(_("评定理由"), max_length=2000, blank=True)
    decided_at = models.DateTimeField(_("审定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decider_name = models.CharField(_("审定人"), max_length=64, blank=True)
    # What the grade brings, from the policy; it takes effect on ``effective_on`` (after the
    # review window, or when a review is decided) and ``applied_at`` records that it did.
    consequence = models.CharField(
        _("结果运用"), max_length=16, choices=Consequence.choices, default=Consequence.NONE
    )
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    applied_at = models.DateTimeField(_("执行时间"), null=True, blank=True)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("考核对象")
        verbose_name_plural = _("考核对象")
        constraints = [
            models.CheckConstraint(
                condition=Q(studio__isnull=False, trainee__isnull=True)
                | Q(studio__isnull=True, member__isnull=True, trainee__isnull=False),
                name="case_one_subject",
            ),
            models.UniqueConstraint(
                fields=["round", "studio"],
                condition=Q(member__isnull=True, studio__isnull=False),
                name="case_unique_studio",
            ),
            models.UniqueConstraint(
                fields=["round", "member"],
                condition=Q(member__isnull=False),
                name="case_unique_member",
            ),
            models.UniqueConstraint(
                fields=["round", "trainee"],
                condition=Q(trainee__isnull=False),
                name="case_unique_trainee",
            ),
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return str(self.member or self.trainee or self.studio)

    @property
    def is_frozen(self) -> bool:
        return bool(self.dossier_hash)


class CaseDocument(models.Model):
    """A document the host adds to the dossier (a report, minutes, a certificate)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("材料名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="assessment/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("考核附加材料")
        verbose_name_plural = _("考核附加材料")

    def __str__(self) -> str:
        return self.title


class Panel(models.Model):
    """An expert on a round's panel. ``for_review`` marks the separate panel that handles
    review requests (复核): nobody who scored a case reviews it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="panel")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The expert's own school: no case whose studio includes someone from it (see conflicts).
    school = models.ForeignKey(
        "people.School", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    capacity = models.PositiveIntegerField(_("最多评审数"), null=True, blank=True)
    for_review = models.BooleanField(_("复核专家"), default=False)

    class Meta:
        ordering = ["round", "for_review", "pk"]
        verbose_name = _("考核专家")
        verbose_name_plural = _("考核专家")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "expert", "for_review"], name="panel_unique_expert"
            )
        ]

    def __str__(self) -> str:
        return str(self.expert)


class Conflict(models.Model):
    """A conflict an expert declared with one studio (beyond the ones the records show)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="conflicts")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    studio = models.ForeignKey("programmes.Studio", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("回避理由"), max_length=200, blank=True)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("回避申报")
        verbose_name_plural = _("回避申报")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "expert", "studio"], name="assessment_conflict_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.studio}"


class Score(models.Model):
    """One assessor's scoring of one case: 0–100 per criterion, a comment per criterion and
    overall. ``for_review`` scores belong to the review (复核) panel."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="scores")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    for_review = models.BooleanField(_("复核评分"), default=False)
    manual = models.BooleanField(_("人工指定"), default=False)
    assigned_at = models.DateTimeField(default=timezone.now)
    points = models.JSONField(_("各项得分"), default=dict, blank=True)
    remarks = models.JSONField(_("各项意见"), default=dict, blank=True)
    total = models.DecimalField(
        _("加权总分"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    comment = models.TextField(_("总体意见"), max_length=4000, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("考核评分")
        verbose_name_plural = _("考核评分")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "expert", "for_review"], name="score_once_per_expert"
            )
        ]
        indexes = [models.Index(fields=["expert", "submitted_at"], name="score_expert_idx")]

    def __str__(self) -> str:
        return f"{self.case} · {self.expert}"


class SurveyInvitation(models.Model):
    """That a member was asked about a studio case, and whether they answered: never what."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="invitations")
    principal = models.ForeignKey("people.Principal", on_delete=models.PROTECT, related_name="+")
    answered = models.BooleanField(_("已答"), default=False)

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("调查邀请")
        verbose_name_plural = _("调查邀请")
        constraints = [
            models.UniqueConstraint(fields=["case", "principal"], name="invitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.principal}"


class SurveyAnswer(models.Model):
    """One member's answers (question code → 1–5), with no link to who gave them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="answers")
    answers = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("调查答卷")
        verbose_name_plural = _("调查答卷")

    def __str__(self) -> str:
        return str(self.case)


class ReviewRequest(models.Model):
    """A studio's request for a review (复核) of its published grade."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("复核中")
        UPHELD = "upheld", _("复核成立，等次改定")
        REFUSED = "refused", _("复核不成立，维持原等次")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="review_request")
    reason = models.TextField(_("复核理由"), max_length=4000)
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requester_name = models.CharField(_("申请人"), max_length=64, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    # The grade the case had before the review; ``Case.grade`` holds the grade after it.
    original_grade = models.CharField(_("原等次"), max_length=32)
    decision = models.TextField(_("复核结论"), max_length=2000, blank=True)
    decided_at = models.DateTimeField(_("复核决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decider_name = models.CharField(_("复核决定人"), max_length=64, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("复核申请")
        verbose_name_plural = _("复核申请")

    def __str__(self) -> str:
        return str(self.case)
