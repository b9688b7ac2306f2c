"""Threaded comments by mentors, the centre and the research institute on a trainee's plan,
deliverables and research projects; the trainee is told of each."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Comment(models.Model):
    plan = models.ForeignKey(
        "training.DevelopmentPlan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    deliverable = models.ForeignKey(
        "records.Deliverable",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    project = models.ForeignKey(
        "records.ResearchProject",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    # A reply belongs to the thread of its parent (one level of nesting is shown).
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(_("评论人"), max_length=64)
    body = models.TextField(_("意见"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("指导意见")
        verbose_name_plural = _("指导意见")
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False, deliverable__isnull=True, project__isnull=True)
                | Q(plan__isnull=True, deliverable__isnull=False, project__isnull=True)
                | Q(plan__isnull=True, deliverable__isnull=True, project__isnull=False),
                name="comment_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.body[:40]
