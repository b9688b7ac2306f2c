"""The applicant's pages: applying, the list of one's applications, one application (draft,
statements, evidence, submission, then its progress), and evidence downloads."""

from __future__ import annotations

from functools import cached_property, wraps

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from touyan.audit.models import AuditEntry, Verb
from touyan.core.actors import Actor
from touyan.core.downloads import file_download
from touyan.core.feedback import report
from touyan.core.forms import add_service_errors
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin
from touyan.core.transitions import AlreadyDone
from touyan.people.models import Principal
from touyan.policies.names import shown
from touyan.programmes.access import access_of

from ... import eligibility, states
from ...forms.applicant import PROFILE_LABELS, ApplicationForm
from ...models import Application, Evidence
from ...offices import office_name
from ...policy import call_spec
from ...presenters import local, stage_words, worded
from ...selectors import applications_visible_to, own_applications, public_calls
from ...services import applications as service
from .choices import member_context

S = Application.Status
NO_RECORD = "selection/applicant/no_record.html"
STEP_WORDS = {
    S.SUBMITTED: gettext_lazy("提交申报"),
    S.RETURNED: gettext_lazy("退回修改"),
    S.REJECTED: gettext_lazy("审核未通过"),
    S.ENDORSED: gettext_lazy("审核通过"),
    S.SELECTED: gettext_lazy("审定为拟入选"),
    S.NOT_SELECTED: gettext_lazy("审定为未入选"),
    S.CONFIRMED: gettext_lazy("公示期满，正式入选"),
    S.STRUCK: gettext_lazy("公示后取消入选"),
}
# A member call is decided by the published allocation, not by a decision and a notice.
ALLOCATION_WORDS = {
    S.CONFIRMED: gettext_lazy("分配结果发布，分配到工作室"),
    S.NOT_SELECTED: gettext_lazy("分配结果发布，未分配"),
}
FIRST_REVIEW = frozenset({S.RETURNED, S.REJECTED, S.ENDORSED})
DECISION = frozenset({S.SELECTED, S.NOT_SELECTED, S.CONFIRMED, S.STRUCK})


def not_found_if_denied(handler):
    @wraps(handler)
    def wrapped(*args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except PermissionDenied:
            raise Http404 from None

    return wrapped


class ApplyView(PermissionMixin, View):
    http_method_names = ["post"]

    @not_found_if_denied
    def post(self, request, pk):
        call = get_object_or_404(public_calls(), pk=pk)
        principal_id = access_of(request.user).principal_id
        if principal_id is None:
            return render(request, NO_RECORD, {"call": call})
        principal = Principal.objects.select_related("school").get(pk=principal_id)
        try:
            application = service.start_application(
                actor=Actor.from_request(request), call=call, principal=principal
            )
        except ValidationError as error:
            report(request, error)
            return redirect("selection:public_call", pk=call.pk)
        return redirect("selection:application", pk=application.pk)


class MyApplicationsView(PermissionMixin, TemplateView):
    template_name = "selection/applicant/application_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        now = timezone.now()
        rows = [
            (application, stage_words(application.call, now))
            for application in own_applications(user)
            .select_related("placed_studio")
            .order_by("-created_at", "-pk")
        ]
        return super().get_context_data(
            rows=rows, has_record=access_of(user).principal_id is not None, **kwargs
        )


class ApplicationView(ObjectPermissionMixin, TemplateView):
    permission_required = "selection.change_application"
    template_name = "selection/applicant/application.html"
    upload_kind = "evidence"

    def get_queryset(self):
        return own_applications(self.request.user).select_related(
            "call__programme__jurisdiction",
            "principal__school__region",
            "district",
            "placed_studio",
        )

    @cached_property
    def application(self) -> Application:
        return self.get_object()

    @cached_property
    def spec(self):
        return call_spec(self.application.call)

    @cached_property
    def editable(self) -> bool:
        return service.is_editable(self.application, timezone.now())

    def form(self, data=None, files=None) -> ApplicationForm:
        return ApplicationForm(data, files, spec=self.spec, application=self.application)

    def get_context_data(self, **kwargs):
        application = self.application
        form = kwargs.pop("form", None) or (self.form() if self.editable else None)
        profile, evidence = self.profile_rows(), self.evidence_groups()
        corrections_open = bool(application.corrections)
        if form is not None:
            for row in profile:
                if row["correctable"]:
                    row["field"] = form.correction_field(row["name"])
                    corrections_open |= bool(row["field"].errors)
            for group in evidence:
                group["field"] = form.file_field(group["code"])
        return super().get_context_data(
            application=application,
            call=application.call,
            spec=self.spec,
            form=form,
            editable=self.editable,
            closed_line=self.closed_line(),
            profile=profile,
            findings=self.findings(),
            outcome=self.outcome_words(),
            evidence=evidence,
            has_evidence=any(group["files"] for group in evidence),
            corrections_open=corrections_open,
            statements=self.statement_rows(),
            timeline=timeline(application),
            **member_context(application, timezone.now()),
            **kwargs,
        )

    def outcome_words(self) -> str:
        outcome = self.application.outcome
        return Application.Outcome(outcome).label if outcome else ""

    def closed_line(self) -> str:
        application = self.application
        if self.editable or application.status not in states.EDITABLE:
            return ""
        if application.status == S.RETURNED:
            return _("退回修改的期限已过，不能再修改")
        return _("申报已于 %(at)s 截止，本草稿未提交") % {"at": local(application.call.closes_at)}

    def profile_rows(self) -> list[dict]:
        """The registry as it will be frozen at submission (or as it was, once submitted)."""
        application = self.application
        if application.status in states.EDITABLE:
            profile = service.profile_of(application.principal)
            profile["region"] = application.principal.school.region.name
        else:
            profile = dict(application.profile)
            profile["region"] = application.district.name
        return [
            {
                "name": name,
                "label": label,
                "value": profile.get(name, ""),
                "correction": application.corrections.get(name, ""),
                "correctable": name in service.CORRECTABLE,
            }
            for name, label in PROFILE_LABELS.items()
        ]

    def findings(self) -> list[dict]:
        """Kept with the application once submitted; computed now for a draft, as a preview."""
        application = self.application
        if application.status in states.EDITABLE:
            call = application.call
            found = eligibility.evaluate(
                self.spec,
                application.principal,
                jurisdiction=call.programme.jurisdiction_id,
                on=timezone.localtime(call.closes_at).date(),
                statements=application.statements,
                programme_id=call.programme_id,
            )
            return worded([f.as_dict() for f in found], self.spec)
        return worded(application.eligibility, self.spec)

    def evidence_groups(self) -> list[dict]:
        files = list(self.application.evidence.all())
        kinds = [(a.code, shown(a), a.required) for a in self.spec.attachments]
        kinds.append(("other", _("其他证明材料"), False))
        return [
            {
                "code": code,
                "name": name,
                "required": required,
                "files": [f for f in files if f.requirement == code],
            }
            for code, name, required in kinds
        ]

    def statement_rows(self) -> list[tuple[str, str]]:
        statements = self.application.statements
        return [
            (shown(c, "text"), statements[c.code])
            for c in self.spec.conditions
            if c.code in statements
        ]

    def render_again(self, **context):
        self.application.refresh_from_db()
        return self.render_to_response(self.get_context_data(**context))

    @not_found_if_denied
    def post(self, request, *args, **kwargs):
        if "remove" in request.POST:
            return self.remove(request)
        action = request.POST.get("action")
        if action == "submit" and self.application.status not in states.EDITABLE:
            return self.submit(request)
        if not self.editable:
            messages.error(request, self.closed_line() or _("申报已提交，不能再修改"))
            return redirect("selection:application", pk=self.application.pk)
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("有内容需要修改，草稿尚未保存；请看下方标出的地方"))
            return self.render_again(form=form)
        refused = self.save(request, form)
        if refused is not None:
            return refused
        if action == "submit":
            return self.submit(request, form)
        messages.success(request, _("草稿已保存"))
        return redirect("selection:application", pk=self.application.pk)

    def save(self, request, form):
        """Save the draft and add the new files; a response when something was refused."""
        actor = Actor.from_request(request)
        try:
            service.save_application(
                actor=actor,
                application=self.application,
                statements=form.statements(),
                corrections=form.corrections(),
                route=form.cleaned_data["route"],
                recommending_unit=form.cleaned_data["recommending_unit"],
            )
        except ValidationError as error:
            if self.submitted_meanwhile():
                return self.submit(request)
            add_service_errors(form, error)
            return self.render_again(form=form)
        refused = False
        for code, files in form.uploads():
            for upload in files:
                try:
                    service.add_evidence(
                        actor=actor, application=self.application, requirement=code, uploaded=upload
                    )
                except ValidationError as error:
                    refused = True
                    for message in error.messages:
                        form.add_error(f"files_{code}", message)
        if refused:
            messages.warning(request, _("草稿已保存，但有文件未能上传，请看下方说明"))
            return self.render_again(form=form)
        return None

    def submitted_meanwhile(self) -> bool:
        self.application.refresh_from_db(fields=["status"])
        return self.application.status not in states.EDITABLE

    def submit(self, request, form=None):
        try:
            service.submit_application(
                actor=Actor.from_request(request), application=self.application
            )
        except AlreadyDone as error:
            report(request, error)
        except ValidationError as error:
            return self.render_again(form=form or self.form(), problems=error.messages)
        else:
            messages.success(request, _("申报已提交，请等待审核"))
        return redirect("selection:application", pk=self.application.pk)

    def remove(self, request):
        evidence = get_object_or_404(
            Evidence, application=self.application, pk=_number(request.POST.get("remove"))
        )
        try:
            service.remove_evidence(actor=Actor.from_request(request), evidence=evidence)
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("已删除“%(name)s”") % {"name": evidence.original_name})
        return redirect("selection:application", pk=self.application.pk)


def _number(value) -> int:
    text = str(value or "")
    if not text.isdigit() or len(text) > 18:
        raise Http404
    return int(text)


def timeline(application: Application) -> list[dict]:
    """What happened to the application, from the audit trail: created, submitted, reviewed
    (by whom, for which office), decided."""
    entries = AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Application),
        target_id=str(application.pk),
    ).select_related("actor")
    steps = []
    for entry in entries.order_by("at", "pk"):
        if entry.verb == Verb.CREATE:
            steps.append({"at": entry.at, "what": _("创建申报草稿"), "who": "", "note": ""})
            continue
        status = (entry.changes.get("status") or [None, None])[1]
        if status not in STEP_WORDS:
            continue
        words = STEP_WORDS[status]
        if application.call.purpose == "members" and status in ALLOCATION_WORDS:
            words = ALLOCATION_WORDS[status]
        steps.append(
            {
                "at": entry.at,
                "what": words,
                "who": _who(application, entry, status),
                "note": entry.note,
            }
        )
    return steps


def _who(application: Application, entry: AuditEntry, status: str) -> str:
    if status in FIRST_REVIEW:
        person = (entry.actor.full_name if entry.actor else "") or entry.actor_label
        return "，".join(part for part in (application.review_office, person) if part)
    if status in DECISION:
        return office_name(application.call.programme.jurisdiction)
    return ""


def _download_name(user, evidence: Evidence) -> str:
    """Experts of an anonymised call get a neutral name: the one given often names the
    applicant ("张三推荐表.pdf")."""
    application = evidence.application
    if application.call.anonymised and not (
        user.has_perm("selection.change_application", application)
        or user.has_perm("selection.review_application", application)
        or user.has_perm("selection.manage_call", application.call)
    ):
        extension = (
            evidence.original_name.rsplit(".", 1)[-1] if "." in evidence.original_name else ""
        )
        return f"evidence-{evidence.pk}.{extension}" if extension else f"evidence-{evidence.pk}"
    return evidence.original_name


class EvidenceDownloadView(PermissionMixin, View):
    """An uploaded proof, as a download with its original name, for whoever may see the
    application (the selector decides, a draft's files included); the files are never under a
    public address."""

    def get(self, request, pk):
        evidence = get_object_or_404(
            Evidence.objects.select_related("application__call"),
            pk=pk,
            application__in=applications_visible_to(request.user),
        )
        return file_download(
            evidence.file, _download_name(request.user, evidence), evidence.content_type
        )
