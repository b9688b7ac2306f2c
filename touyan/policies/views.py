"""The readable page of a policy version: what is required, by when; and the list of policies."""

from functools import cached_property

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.permissions import PermissionMixin
from touyan.regions.models import Region

from . import selectors
from .describe import consequence_label, round_period, rule_lines, stage_span
from .loading import load_policy
from .names import english_chosen
from .schema import Policy as PolicySpec


def readable(spec: PolicySpec) -> dict:
    """What ``policies/_policy_body.html`` shows of a policy, published or a draft."""
    grades = []
    if spec.assessment:
        grades = [(g, consequence_label(g.consequence)) for g in spec.assessment.grades]
    return {
        "spec": spec,
        "jurisdiction": Region.objects.filter(pk=spec.policy.jurisdiction).first(),
        "rules": rule_lines(spec),
        "grades": grades,
        "stages": [(stage, stage_span(stage)) for stage in spec.calendar.stages],
        "rounds": [
            (item, round_period(spec, item))
            for item in (spec.assessment.rounds if spec.assessment else [])
        ],
        "example_studio": (
            spec.naming.studio_name(_("王某某"), english=english_chosen()) if spec.naming else ""
        ),
    }


class PolicyVersionView(PermissionMixin, TemplateView):
    permission_required = "policies.view_policy"
    template_name = "policies/policy_detail.html"

    def get_permission_object(self):
        return self.version

    @cached_property
    def version(self):
        return selectors.policy_version(slug=self.kwargs["slug"], number=self.kwargs.get("number"))

    def get_context_data(self, **kwargs):
        version = self.version
        return super().get_context_data(
            version=version,
            policy=version.policy,
            versions=version.policy.versions.order_by("-number").only(
                "number", "created_at", "policy"
            ),
            may_edit=self.request.user.has_perm("policies.change_policy", version.policy),
            **readable(load_policy(version.text)),
            **kwargs,
        )


class PolicyListView(PermissionMixin, TemplateView):
    """Every policy, with its latest version; "edit" and "new" for those who may."""

    permission_required = "policies.view_policy"
    template_name = "policies/policy_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        rows = [
            (policy, user.has_perm("policies.change_policy", policy))
            for policy in selectors.policies_with_latest()
        ]
        return super().get_context_data(
            rows=rows,
            may_create=user.has_perm("policies.change_policy"),
            drafts=selectors.drafts_visible_to(user),
            **kwargs,
        )
