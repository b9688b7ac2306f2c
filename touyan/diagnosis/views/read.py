"""Pages every audience of a rotation reads: the programme's studios at a glance (the centre,
the authority, district officers), one studio's rotation (also its host and members) and one
visit (also the member whose school it was)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.views.generic import TemplateView

from touyan.programmes.policy import calendar_of
from touyan.programmes.selectors import studios_visible_to

from ..models import Visit
from ..months import excluded_months
from ..presenters import changes_of, stage_of
from ..selectors import rotation_of
from ..services.rotation import month_label
from .base import ProgrammeMixin, StudioMixin, VisitMixin


class OverviewView(ProgrammeMixin, TemplateView):
    permission_required = "diagnosis.view_programme"
    template_name = "diagnosis/overview.html"

    def get_permission_object(self):
        return self.programme

    def get_context_data(self, **kwargs):
        studios = list(studios_visible_to(self.request.user, self.programme).order_by("name"))
        counts = {
            row["studio_id"]: row
            for row in Visit.objects.filter(studio__in=[s.pk for s in studios])
            .values("studio_id")
            .annotate(
                planned=Count("pk"),
                held=Count("pk", filter=Q(activity__isnull=False)),
                reported=Count("pk", filter=Q(reported_at__isnull=False)),
            )
            .order_by()
        }
        empty = {"planned": 0, "held": 0, "reported": 0}
        rows = [{"studio": s, **counts.get(s.pk, empty)} for s in studios]
        return super().get_context_data(rows=rows, **kwargs)


class RotationView(StudioMixin, TemplateView):
    template_name = "diagnosis/rotation.html"

    def get_context_data(self, **kwargs):
        visits = list(rotation_of(self.studio))
        may_plan = self.request.user.has_perm("diagnosis.plan_rotation", self.studio)
        avoided = excluded_months(calendar_of(self.programme))
        rows = [
            {
                "visit": visit,
                "month": month_label(visit.month),
                "stage": stage_of(visit),
                "date": visit.activity.date if visit.activity_id else None,
            }
            for visit in visits
        ]
        return super().get_context_data(
            studio=self.studio,
            rows=rows,
            may_plan=may_plan,
            changes=changes_of(self.studio, visits) if may_plan else None,
            per_month=self.diagnosis.per_month,
            avoided=", ".join(
                f"{month_label(month)}（{reason}）" for month, reason in sorted(avoided.items())
            ),
            **kwargs,
        )


class VisitView(VisitMixin, TemplateView):
    template_name = "diagnosis/visit.html"

    def get_context_data(self, **kwargs):
        visit = self.visit
        user = self.request.user
        return super().get_context_data(
            visit=visit,
            month=month_label(visit.month),
            stage=stage_of(visit),
            invitees=list(visit.invitees.all()),
            items=list(visit.items.all()),
            may_report=user.has_perm("diagnosis.report_visit", visit),
            may_follow_up=user.has_perm("diagnosis.follow_up", visit),
            may_see_rotation=user.has_perm("diagnosis.view_rotation", visit.studio),
            **kwargs,
        )
