"""The shared record the compliance rules read: activities and who attended them, curriculum
hours, deliverables and research projects. Codes (activity type, topic, deliverable kind) are the
codes of the programme's policy; services check them against it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from touyan.core.models import Stamped

from .lengths import BODY_MAX, CODE_MAX, DESCRIPTION_MAX, NOTE_MAX, PLACE_MAX, TITLE_MAX


class Level(models.TextChoices):
    SCHOOL = "school", _("校级")
    DISTRICT = "district", _("区县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("国家级")


LEVEL_RANK = {level: rank for rank, level in enumerate(Level.values)}


class Activity(Stamped):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="activities"
    )
    activity_type = models.CharField(_("活动类型"), max_length=CODE_MAX)
    title = models.CharField(_("活动名称"), max_length=TITLE_MAX)
    date = models.DateField(_("日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    start_time = models.TimeField(_("开始时间"), null=True, blank=True)
    end_time = models.TimeField(_("结束时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=PLACE_MAX, blank=True)
    # The school where it took place, when it did (入校诊断, 送培下乡: HN-4.1.2, HN-4.1.4).
    place_school = models.ForeignKey(
        "people.School",
        verbose_name=_("活动所在学校"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices, blank=True)
    # A curriculum session credits its hours to the topic for every trainee present (HZ-3.2).
    topic = models.CharField(_("课程专题"), max_length=CODE_MAX, blank=True)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, null=True, blank=True)
    description = models.TextField(_("活动内容"), max_length=DESCRIPTION_MAX, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        indexes = [models.Index(fields=["programme", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gt=0), name="activity_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Audience(models.Model):
    """An activity held for some of its organisers' people only — a mentor team's session
    is expected of those who came, not of the whole cohort. An activity without these rows is
    expected of everyone its organisers bring (``records.services.expected_participants``)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="audience")
    principal = models.ForeignKey("people.Principal", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("应到人员")
        verbose_name_plural = _("应到人员")
        constraints = [
            models.UniqueConstraint(fields=["activity", "principal"], name="audience_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.principal_id}"


class Organiser(models.Model):
    """Who ran an activity: one studio, several studios together, or a cohort."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="organisers")
    studio = models.ForeignKey(
        "programmes.Studio", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    cohort = models.ForeignKey(
        "programmes.Cohort", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("组织方")
        verbose_name_plural = _("组织方")
        constraints = [
            models.CheckConstraint(
                condition=Q(studio__isnull=False, cohort__isnull=True)
                | Q(studio__isnull=True, cohort__isnull=False),
                name="organiser_one_kind",
            ),
            models.UniqueConstraint(
                fields=["activity", "studio"],
                condition=Q(studio__isnull=False),
                name="organiser_unique_studio",
            ),
            models.UniqueConstraint(
                fields=["activity", "cohort"],
                condition=Q(cohort__isnull=False),
                name="organiser_unique_cohort",
            ),
        ]
        indexes = [
            models.Index(fields=["studio", "activity"], name="organiser_studio_idx"),
            models.Index(fields=["cohort", "activity"], name="organiser_cohort_idx"),
        ]

    def __str__(self) -> str:
        return str(self.studio or self.cohort)


class ActivityFile(models.Model):
    class Kind(models.TextChoices):
        MATERIAL = "material", _("资料")
        PHOTO = "photo", _("照片")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to="activities/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=255)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["activity", "kind", "pk"]
        verbose_name = _("活动资料")
        verbose_name_plural = _("活动资料")

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    """One person's attendance at one activity. ``leave`` is approved leave (请假); ``absent``
    is absence without approval. A session with no row for a trainee is not yet marked."""

    class Status(models.TextChoices):
        PRESENT = "present", _("出勤")
        LEAVE = "leave", _("请假")
        ABSENT = "absent", _("缺勤")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    principal = models.ForeignKey("people.Principal", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("出勤情况"), max_length=16, choices=Status.choices)
    # A talk, a report, a shared result given at the activity (HZ-3.T 观点报告、成果分享).
    presented = models.BooleanField(_("作报告或展示"), default=False)
    note = models.CharField(_("备注"), max_length=NOTE_MAX, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("考勤")
        verbose_name_plural = _("考勤")
        constraints = [
            models.UniqueConstraint(fields=["activity", "principal"], name="attendance_unique")
        ]
        indexes = [models.Index(fields=["principal", "activity"], name="attendance_principal_idx")]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.principal_id}:{self.status}"


class CurriculumCredit(models.Model):
    """Hours credited to a trainee outside the programme's own sessions (recognised study)."""

    trainee = models.ForeignKey(
        "programmes.Trainee", on_delete=models.CASCADE, related_name="credits"
    )
    topic = models.CharField(_("课程专题"), max_length=CODE_MAX)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    credited_on = models.DateField(_("认定日期"))
    note = models.CharField(_("认定依据"), max_length=NOTE_MAX)

    class Meta:
        ordering = ["trainee", "credited_on"]
        verbose_name = _("学时认定")
        verbose_name_plural = _("学时认定")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="credit_hours_positive")
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.hours}"


class CountSource(models.TextChoices):
    BODY = "body", _("按正文统计")
    DOCUMENT = "document", _("按附件文字统计")
    DECLARED = "declared", _("作者填报")


class Deliverable(Stamped):
    """A written result: a studio's plan (``studio`` set), a member's plan (``studio`` and
    ``principal``), or a trainee's log, report or paper (``principal`` only)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="deliverables"
    )
    kind = models.CharField(_("成果类型"), max_length=CODE_MAX)
    title = models.CharField(_("标题"), max_length=TITLE_MAX)
    studio = models.ForeignKey(
        "programmes.Studio",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliverables",
    )
    principal = models.ForeignKey(
        "people.Principal",
        verbose_name=_("作者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A host document of a studio (工作制度, 学习制度…, ``touyan.studios.documents``): each
    # saved version is a deliverable of its own carrying the document's code; the newest is
    # the current text, the older ones stay readable. Empty for every other deliverable.
    document = models.CharField(_("主持人文件"), max_length=CODE_MAX, blank=True)
    body = models.TextField(_("正文"), max_length=BODY_MAX, blank=True)
    file = models.FileField(_("附件"), upload_to="deliverables/%Y/%m/", blank=True)
    # The server's date when it was handed in; only the record import gives an earlier one.
    submitted_on = models.DateField(_("提交日期"))
    char_count = models.PositiveIntegerField(_("字数"), default=0)
    # Where the count comes from. A count only declared (a scan, a file without text) is 待核实
    # and counts for nothing until the centre verifies it.
    count_source = models.CharField(
        _("字数来源"), max_length=16, choices=CountSource.choices, default=CountSource.BODY
    )
    count_verified_at = models.DateTimeField(_("字数核实时间"), null=True, blank=True)
    count_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("字数核实人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("成果")
        verbose_name_plural = _("成果")
        constraints = [
            models.CheckConstraint(
                condition=Q(studio__isnull=False) | Q(principal__isnull=False),
                name="deliverable_has_owner",
            )
        ]
        indexes = [
            models.Index(fields=["programme", "kind"], name="deliverable_kind_idx"),
            models.Index(
                fields=["studio", "document"],
                condition=~Q(document=""),
                name="deliverable_document_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def count_pending(self) -> bool:
        """待核实: the length was only declared and the centre has not verified it yet."""
        return self.count_source == CountSource.DECLARED and self.count_verified_at is None

    @property
    def counted_chars(self) -> int:
        """The length the rules count: nothing while the declared count is unverified."""
        return 0 if self.count_pending else self.char_count


class ResearchProject(models.Model):
    """A research project (课题) of a studio or led by a trainee (HN-4.1.3, HZ-3.T)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="projects"
    )
    studio = models.ForeignKey(
        "programmes.Studio",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="projects",
    )
    leader = models.ForeignKey(
        "people.Principal", verbose_name=_("主持人"), on_delete=models.PROTECT, related_name="+"
    )

    class Stage(models.TextChoices):
        # 申报 → 立项 → 中期 → 结题 (HZ-3.3.2); only an approved project counts for the rules.
        APPLIED = "applied", _("申报中")
        APPROVED = "approved", _("已立项")
        MIDTERM = "midterm", _("已中期检查")
        CONCLUDED = "concluded", _("已结题")
        REJECTED = "rejected", _("未立项")

    title = models.CharField(_("课题名称"), max_length=TITLE_MAX)
    level = models.CharField(_("立项级别"), max_length=16, choices=Level.choices)
    stage = models.CharField(
        _("研究阶段"), max_length=16, choices=Stage.choices, default=Stage.APPROVED
    )
    funder = models.CharField(_("立项单位"), max_length=200, blank=True)
    approval_number = models.CharField(_("立项编号"), max_length=64, blank=True)
    applied_on = models.DateField(_("申报日期"), null=True, blank=True)
    approved_on = models.DateField(_("立项日期"), null=True, blank=True)
    starts_on = models.DateField(_("研究起始日期"), null=True, blank=True)
    ends_on = models.DateField(_("计划结题日期"), null=True, blank=True)
    midterm_on = models.DateField(_("中期检查日期"), null=True, blank=True)
    concluded_on = models.DateField(_("结题日期"), null=True, blank=True)

    class Meta:
        ordering = ["-approved_on", "pk"]
        verbose_name = _("研究课题")
        verbose_name_plural = _("研究课题")

    def __str__(self) -> str:
        return self.title


class ResearchOutcome(models.Model):
    class Kind(models.TextChoices):
        PAPER = "paper", _("论文")
        MONOGRAPH = "monograph", _("专著")
        REPORT = "report", _("研究报告")
        AWARD = "award", _("获奖")
        PUBLICATION = "publication", _("公开发表")

    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("成果形式"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("成果名称"), max_length=TITLE_MAX)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices, blank=True)
    achieved_on = models.DateField(_("取得日期"))

    class Meta:
        ordering = ["project", "achieved_on"]
        verbose_name = _("课题成果")
        verbose_name_plural = _("课题成果")

    def __str__(self) -> str:
        return self.title


from .import_models import RecordImport  # noqa: E402,F401
