"""The policy editor: a draft's text with its problems, the page it will produce, its
difference from the latest version, a preview of its verdicts, and publishing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.pagination import paginate
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin
from touyan.jobs.models import Job
from touyan.programmes.models import Programme
from touyan.programmes.selectors import programmes_visible_to

from . import drafting, selectors
from .differences import line_diff
from .jobs import BUCKETS
from .loading import PolicyError, load_policy
from .models import Policy
from .views import readable

CHANGES_PER_PAGE = 50


def bucket_labels() -> dict[str, str]:
    return {
        "met": _("已达成"),
        "on_track": _("有风险·进度正常"),
        "behind": _("有风险·进度落后"),
        "missed": _("未达成"),
        "not_due": _("未到期"),
        "": _("不适用"),
    }


def problem_rows(problems) -> list[dict]:
    return [
        {"line": p.line, "column": p.column, "key": p.key, "message": p.message} for p in problems
    ]


class StartDraftView(PermissionMixin, View):
    """POST: a draft of the next version of a policy (``slug``), or of a new policy."""

    permission_required = "policies.change_policy"

    def get_permission_object(self):
        slug = self.kwargs.get("slug")
        self.policy = get_object_or_404(Policy, slug=slug) if slug else None
        return self.policy

    def post(self, request, *args, **kwargs):
        if self.policy is not None:
            # A draft of this policy being written already is continued, not doubled.
            open_draft = (
                selectors.drafts_visible_to(request.user)
                .filter(policy=self.policy)
                .order_by("-updated_at")
                .first()
            )
            if open_draft is not None:
                messages.info(request, _("这项政策已有一份草稿，请在此基础上继续编写"))
                return redirect("policies:draft", open_draft.pk)
        draft = drafting.start_draft(actor=Actor.from_request(request), policy=self.policy)
        return redirect("policies:draft", draft.pk)


class DraftMixin(ObjectPermissionMixin):
    permission_required = "policies.change_draft"

    def get_queryset(self):
        return selectors.drafts_visible_to(self.request.user)

    def draft_context(self, **kwargs) -> dict:
        draft = self.get_object()
        latest = draft.policy.versions.order_by("-number").first() if draft.policy else None
        return {"draft": draft, "latest": latest, **kwargs}


class DraftEditorView(DraftMixin, TemplateView):
    """The text in a monospace area with line numbers. "检查" shows every problem (with its
    line and column) without saving; "保存" keeps the text and shows them too."""

    template_name = "policies/draft_editor.html"

    def get_context_data(self, **kwargs):
        draft = self.get_object()
        text = kwargs.pop("text", draft.text)
        return super().get_context_data(
            **self.draft_context(
                text=text,
                line_count=range(1, text.count("\n") + 2),
                problems=kwargs.pop("problems", None),
                **kwargs,
            )
        )

    def post(self, request, *args, **kwargs):
        draft = self.get_object()
        text = request.POST.get("text", "").replace("\r\n", "\n")
        if request.POST.get("action") == "save":
            try:
                drafting.save_draft(actor=Actor.from_request(request), draft=draft, text=text)
                messages.success(request, _("草稿已保存"))
            except ValidationError as refusal:
                messages.error(request, " ".join(refusal.messages))
        problems = problem_rows(drafting.problems_in(text))
        return self.render_to_response(
            self.get_context_data(text=text, problems=problems, checked=True)
        )


class DraftCheckView(DraftMixin, View):
    """POST ``text``: its problems as JSON, in the reader's language (the editor's script)."""

    def post(self, request, *args, **kwargs):
        self.get_object()
        text = request.POST.get("text", "").replace("\r\n", "\n")
        problems = problem_rows(drafting.problems_in(text))
        return JsonResponse(
            {
                "problems": problems,
                "summary": _("没有发现问题")
                if not problems
                else _("发现 %(count)d 个问题") % {"count": len(problems)},
            }
        )


class DraftPageView(DraftMixin, TemplateView):
    """The readable page the draft will produce once published."""

    template_name = "policies/draft_page.html"

    def get_context_data(self, **kwargs):
        context = self.draft_context(**kwargs)
        try:
            context.update(readable(load_policy(context["draft"].text)))
        except PolicyError as error:
            context["problems"] = problem_rows(error.problems)
        return super().get_context_data(**context)


class DraftDiffView(DraftMixin, TemplateView):
    template_name = "policies/draft_diff.html"

    def get_context_data(self, **kwargs):
        context = self.draft_context(**kwargs)
        latest = context["latest"]
        context["hunks"] = line_diff(latest.text if latest else "", context["draft"].text)
        return super().get_context_data(**context)


class DraftPreviewView(DraftMixin, TemplateView):
    """Choose a programme running this policy; POST asks for the preview job."""

    template_name = "policies/draft_preview.html"

    def programmes(self):
        draft = self.get_object()
        if draft.policy_id is None:
            return Programme.objects.none()
        return programmes_visible_to(self.request.user).filter(
            policy_version__policy=draft.policy_id
        )

    def get_context_data(self, **kwargs):
        draft = self.get_object()
        jobs = list(selectors.preview_jobs(draft)[:5])
        return super().get_context_data(
            **self.draft_context(programmes=self.programmes(), jobs=jobs, **kwargs)
        )

    def post(self, request, *args, **kwargs):
        draft = self.get_object()
        programme = self.programmes().filter(pk=request.POST.get("programme") or 0).first()
        if programme is None:
            messages.error(request, _("请选择一个执行本政策的项目"))
            return redirect("policies:draft_preview", draft.pk)
        try:
            job = drafting.ask_preview(
                actor=Actor.from_request(request), draft=draft, programme=programme
            )
        except PolicyError:
            messages.error(request, _("草稿还有问题，改正后才能预览结论"))
            return redirect("policies:draft", draft.pk)
        return redirect("policies:preview", job.pk)


class PreviewResultView(PermissionMixin, TemplateView):
    """The preview's result, for whoever may edit the policy it belongs to."""

    template_name = "policies/preview_result.html"

    def get_permission_object(self):
        self.job = get_object_or_404(Job, pk=self.kwargs["pk"], kind=selectors.PREVIEW_JOB)
        self.policy = Policy.objects.filter(pk=self.job.payload.get("policy")).first()
        if self.policy is None:
            raise Http404
        return self.policy

    permission_required = "policies.change_policy"

    def get_context_data(self, **kwargs):
        job, result = self.job, self.job.result if self.job.state == Job.State.DONE else None
        context = {"job": job, "policy": self.policy, "result": result}
        if result:
            labels = bucket_labels()
            titles = {rule["id"]: rule["title"] for rule in result["rules"]}
            context["buckets"] = [(code, labels[code]) for code in BUCKETS]
            context["rules"] = [
                {
                    **rule,
                    "pairs": [
                        (
                            (rule["before"] or {}).get(code) if rule["before"] else None,
                            (rule["after"] or {}).get(code) if rule["after"] else None,
                        )
                        for code in BUCKETS
                    ],
                }
                for rule in result["rules"]
            ]
            changes = [
                {
                    **change,
                    "title": titles.get(change["rule"], change["rule"]),
                    "before_label": labels[change["before"]],
                    "after_label": labels[change["after"]],
                }
                for change in result["changes"]
            ]
            context["page"], context["query"] = paginate(self.request, changes, CHANGES_PER_PAGE)
            context["draft"] = (
                selectors.drafts_visible_to(self.request.user).filter(pk=result["draft"]).first()
            )
        return super().get_context_data(**context, **kwargs)


class DraftPublishView(DraftMixin, TemplateView):
    """Confirm, then publish the next version and show its page."""

    template_name = "policies/draft_publish.html"

    def get_context_data(self, **kwargs):
        context = self.draft_context(**kwargs)
        context["problems"] = problem_rows(drafting.problems_in(context["draft"].text))
        return super().get_context_data(**context)

    def post(self, request, *args, **kwargs):
        draft = self.get_object()
        seen = request.POST.get("latest", "")
        try:
            version = drafting.publish_draft(
                actor=Actor.from_request(request),
                draft=draft,
                seen_latest=int(seen) if seen.isdigit() else None,
            )
        except PolicyError as error:
            messages.error(
                request,
                _("不能发布：%(reasons)s")
                % {"reasons": "；".join(problem.message for problem in error.problems[:3])},
            )
            return redirect("policies:draft_publish", draft.pk)
        except PermissionDenied:
            messages.error(request, _("你无权发布这一管辖区划的政策"))
            return redirect("policies:draft_publish", draft.pk)
        messages.success(request, _("已发布第 %(number)d 版") % {"number": version.number})
        return redirect(reverse("policies:version", args=[version.policy.slug, version.number]))


class DraftDiscardView(DraftMixin, View):
    def post(self, request, *args, **kwargs):
        drafting.discard_draft(actor=Actor.from_request(request), draft=self.get_object())
        messages.success(request, _("草稿已放弃"))
        return redirect("policies:list")
