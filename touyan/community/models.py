"""The online learning community (HN-4.0.1): discussion threads of a studio, or of a whole
programme across its studios (``studio`` empty); their posts with one level of replies;
reports and moderation; online study sessions (线上研修) with the material their members open
and a discussion thread, recorded as an activity whose attendance participation decides."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 200
BODY_MAX = 5000
REASON_MAX = 500
NAME_MAX = 64


class Thread(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    # Empty: the programme's cross-studio board (跨工作室交流区).
    studio = models.ForeignKey(
        "programmes.Studio", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=TITLE_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(_("发帖人"), max_length=NAME_MAX)
    created_at = models.DateTimeField(_("发帖时间"), default=timezone.now, editable=False)
    # The time of its latest post shown to everyone: the lists' order and "新回复".
    last_post_at = models.DateTimeField(_("最后回复"), default=timezone.now)

    class Meta:
        ordering = ["-last_post_at", "-pk"]
        verbose_name = _("讨论主题")
        verbose_name_plural = _("讨论主题")
        indexes = [
            models.Index(fields=["programme", "studio", "last_post_at"], name="thread_list"),
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """The opening post of a thread (``opening``), a reply to it, or a reply to a reply
    (``parent``: one level of nesting). Plain text, its line breaks kept."""

    class State(models.TextChoices):
        VISIBLE = "visible", _("已显示")
        HELD = "held", _("待审核")
        HIDDEN = "hidden", _("已隐藏")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    opening = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(_("发帖人"), max_length=NAME_MAX)
    # The author's registry record when they wrote it: whose participation a post is.
    principal = models.ForeignKey(
        "people.Principal", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("内容"), max_length=BODY_MAX)
    created_at = models.DateTimeField(_("发表时间"), default=timezone.now, editable=False)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.VISIBLE)
    # The watched words that held it for review.
    held_for = models.CharField(_("触发的关注词"), max_length=REASON_MAX, blank=True)
    moderator_name = models.CharField(_("处理人"), max_length=NAME_MAX, blank=True)
    moderated_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    hidden_reason = models.CharField(_("隐藏原因"), max_length=REASON_MAX, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("帖子")
        verbose_name_plural = _("帖子")
        indexes = [
            models.Index(fields=["thread", "created_at"], name="post_thread"),
            models.Index(fields=["state", "thread"], name="post_state"),
        ]

    def __str__(self) -> str:
        return f"{self.author_name} · {self.created_at:%Y-%m-%d %H:%M}"


class Report(models.Model):
    """Someone's report of a post (举报), open until a moderator hides the post or dismisses
    the reports."""

    class Outcome(models.TextChoices):
        HIDDEN = "hidden", _("已隐藏")
        DISMISSED = "dismissed", _("未发现问题")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reporter_name = models.CharField(_("举报人"), max_length=NAME_MAX)
    reason = models.CharField(_("举报理由"), max_length=REASON_MAX)
    created_at = models.DateTimeField(_("举报时间"), default=timezone.now, editable=False)
    outcome = models.CharField(_("处理结果"), max_length=16, choices=Outcome.choices, blank=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolved_by_name = models.CharField(_("处理人"), max_length=NAME_MAX, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("举报")
        verbose_name_plural = _("举报")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="report_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reporter_name}: {self.reason[:20]}"


class StudySession(models.Model):
    """线上研修: a reading or a recording set by the host, discussed in its own thread within
    a window; recorded as an activity of the policy's online type (``activity``)."""

    class Kind(models.TextChoices):
        READING = "reading", _("阅读材料")
        RECORDING = "recording", _("录像")

    studio = models.ForeignKey("programmes.Studio", on_delete=models.CASCADE, related_name="+")
    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="session")
    activity = models.OneToOneField(
        "records.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("研修主题"), max_length=TITLE_MAX)
    kind = models.CharField(_("研修材料"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("材料正文"), max_length=50_000, blank=True)
    link = models.URLField(_("材料链接"), max_length=500, blank=True)
    file = models.FileField(_("材料文件"), upload_to="community/%Y/%m/", blank=True)
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    opens_at = models.DateTimeField(_("讨论开始"))
    closes_at = models.DateTimeField(_("讨论截止"))
    closed_at = models.DateTimeField(_("统计时间"), null=True, blank=True)
    closed_by_name = models.CharField(_("统计人"), max_length=NAME_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("线上研修")
        verbose_name_plural = _("线上研修")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="study_session_window"
            )
        ]
        indexes = [models.Index(fields=["closed_at", "closes_at"], name="study_session_due")]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closed_at is None and self.opens_at <= now < self.closes_at


class Opening(models.Model):
    """A participant opened a session's material within its window (the first time counts)."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="openings")
    principal = models.ForeignKey("people.Principal", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("打开时间"), default=timezone.now)

    class Meta:
        verbose_name = _("打开研修资料")
        verbose_name_plural = _("打开研修资料")
        constraints = [
            models.UniqueConstraint(fields=["session", "principal"], name="opening_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.principal_id}"
