"""The readable page of a policy version: what is required, by when."""

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.permissions import PermissionMixin

from . import selectors
from .describe import consequence_label, round_period, rule_lines, stage_span
from .loading import load_policy
from .names import english_chosen


class PolicyVersionView(PermissionMixin, TemplateView):
    permission_required = "policies.view_policy"
    template_name = "policies/policy_detail.html"

    def get_context_data(self, **kwargs):
        version = selectors.policy_version(
            slug=self.kwargs["slug"], number=self.kwargs.get("number")
        )
        spec = load_policy(version.text)
        grades = []
        if spec.assessment:
            grades = [(g, consequence_label(g.consequence)) for g in spec.assessment.grades]
        return super().get_context_data(
            version=version,
            policy=version.policy,
            versions=version.policy.versions.order_by("-number").only(
                "number", "created_at", "policy"
            ),
            spec=spec,
            rules=rule_lines(spec),
            grades=grades,
            stages=[(stage, stage_span(stage)) for stage in spec.calendar.stages],
            rounds=[
                (item, round_period(spec, item))
                for item in (spec.assessment.rounds if spec.assessment else [])
            ],
            example_studio=(
                spec.naming.studio_name(_("王某某"), english=english_chosen())
                if spec.naming
                else ""
            ),
            **kwargs,
        )
