"""Mentor teams (导师团队, HZ-3.3.4): a lead and members for one trainee or a group of them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from touyan.core.models import Stamped


class MentorTeam(Stamped):
    cohort = models.ForeignKey(
        "programmes.Cohort", on_delete=models.CASCADE, related_name="mentor_teams"
    )
    name = models.CharField(_("导师团队名称"), max_length=100)
    trainees = models.ManyToManyField(
        "programmes.Trainee", verbose_name=_("指导的培养人选"), related_name="mentor_teams"
    )

    class Meta:
        ordering = ["cohort", "name", "pk"]
        verbose_name = _("导师团队")
        verbose_name_plural = _("导师团队")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="mentor_team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Mentor(models.Model):
    """One account on a team: an expert of the registry or an external person given an
    account (role ``mentor`` granted on the programme)."""

    team = models.ForeignKey(MentorTeam, on_delete=models.CASCADE, related_name="mentors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导师"), on_delete=models.PROTECT, related_name="+"
    )
    lead = models.BooleanField(_("首席导师"), default=False)
    affiliation = models.CharField(_("单位与职务"), max_length=200, blank=True)

    class Meta:
        ordering = ["team", "-lead", "pk"]
        verbose_name = _("导师")
        verbose_name_plural = _("导师")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="mentor_unique_in_team"),
            models.UniqueConstraint(
                fields=["team"], condition=Q(lead=True), name="mentor_team_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class MentoringSession(models.Model):
    """A mentoring session (导师指导) is an activity of the cohort with its attendance, so its
    hours count where the policy's topics say; this row ties it to the team that held it."""

    activity = models.OneToOneField(
        "records.Activity", on_delete=models.CASCADE, related_name="mentoring"
    )
    team = models.ForeignKey(MentorTeam, on_delete=models.CASCADE, related_name="sessions")
    summary = models.TextField(_("指导纪要"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("导师指导")
        verbose_name_plural = _("导师指导")

    def __str__(self) -> str:
        return str(self.activity)
