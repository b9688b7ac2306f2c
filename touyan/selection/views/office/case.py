"""One application in full for the office: profile, statements, evidence, eligibility, the
district's stamp, every expert's scores, the decision and the audit timeline."""

from __future__ import annotations

import rules
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import redirect
from django.views.generic import TemplateView

from touyan.audit.models import AuditEntry
from touyan.audit.presenters import change_rows
from touyan.core.actors import Actor
from touyan.core.permissions import ObjectPermissionMixin
from touyan.policies.names import shown

from ...models import Application, Call, Evidence, Review
from ...policy import call_spec
from ...presenters import evidence_rows, findings, profile_rows, statement_rows
from ...selectors import managed_applications
from .decision import decide


def score_table(reviews: list[Review], spec) -> list[dict]:
    """Criteria down, experts across: one row per criterion with each handed-in score."""
    return [
        {
            "name": shown(c),
            "points": c.points,
            "scores": [(r.scores or {}).get(c.code) for r in reviews],
        }
        for c in spec.rubric
    ]


def timeline(application: Application, reviews: list[Review]) -> list[AuditEntry]:
    types = ContentType.objects.get_for_models(Application, Review, Evidence)
    evidence_ids = [str(pk) for pk in application.evidence.values_list("pk", flat=True)]
    entries = AuditEntry.objects.filter(
        Q(target_type=types[Application], target_id=str(application.pk))
        | Q(target_type=types[Review], target_id__in=[str(r.pk) for r in reviews])
        | Q(target_type=types[Evidence], target_id__in=evidence_ids)
    ).select_related("target_type")
    entries = list(entries.order_by("at", "id"))
    for entry in entries:
        entry.change_rows = change_rows(entry)
    return entries


class CaseView(ObjectPermissionMixin, TemplateView):
    permission_required = "selection.manage_call"
    template_name = "selection/office/case.html"

    def get_queryset(self):
        return managed_applications(self.request.user).select_related(
            "call__programme__policy_version", "principal__school", "district"
        )

    def get_permission_object(self):
        return self.get_object().call

    @property
    def call(self) -> Call:
        return self.get_object().call

    @property
    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def get_context_data(self, **kwargs):
        application = self.get_object()
        call = application.call
        spec = call_spec(call)
        reviews = list(application.reviews.select_related("expert").order_by("pk"))
        deciding = rules.has_perm("selection.decide_now", self.request.user, application)
        return super().get_context_data(
            application=application,
            call=call,
            spec=spec,
            profile=profile_rows(application),
            statements=statement_rows(application, spec),
            evidence=evidence_rows(application, spec),
            findings=findings(application, spec),
            submitted=[r for r in reviews if r.submitted_at],
            pending=[r for r in reviews if not r.submitted_at],
            score_table=score_table([r for r in reviews if r.submitted_at], spec),
            deciding=deciding,
            timeline=timeline(application, reviews),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        decide(self, request.POST)
        return redirect(request.path)
