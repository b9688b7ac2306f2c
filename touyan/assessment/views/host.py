"""The host's pages (HN-5.2, HN-5.3): 我的考核, each studio's cases across rounds; a case's
dossier with the self-report, documents, a fresh assembly and the submission that freezes it.
The centre reads the same case page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from touyan.core.actors import Actor
from touyan.core.downloads import file_download
from touyan.core.forms import add_service_errors
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin
from touyan.core.transitions import AlreadyDone

from ..forms.host import DocumentForm, SelfReportForm, SubmitForm
from ..models import Case
from ..selectors import cases_hosted_by, cases_in_reach, with_documents
from ..services import dossiers
from ..states import CASE, ROUND


class MyCasesView(PermissionMixin, ListView):
    template_name = "assessment/host/mine.html"
    context_object_name = "cases"

    def get_queryset(self):
        return cases_hosted_by(self.request.user)


class CaseMixin(ObjectPermissionMixin):
    permission_required = "assessment.view_dossier"

    def get_queryset(self):
        return with_documents(cases_in_reach(self.request.user))

    @property
    def case(self) -> Case:
        return self.get_object()

    def back(self) -> HttpResponseRedirect:
        return redirect("assessment:dossier", pk=self.case.pk)


class CaseDossierView(CaseMixin, TemplateView):
    template_name = "assessment/host/case.html"

    def get_context_data(self, **kwargs):
        case, user = self.case, self.request.user
        round_ = case.round
        today = timezone.localdate()
        prepares = user.has_perm("assessment.prepare_dossier", case)
        editable = (
            prepares
            and CASE.allows(case, "edit")
            and ROUND.allows(round_, "prepare")
            and today <= round_.closes_on
        )
        context = {
            "case": case,
            "round": round_,
            "prepares": prepares,
            "editable": editable,
            "removable": editable,
            "in_window": round_.opens_on <= today <= round_.closes_on,
            "self_report_form": SelfReportForm(initial={"text": case.self_report}),
            "document_form": DocumentForm(),
            "submit_form": SubmitForm(),
        }
        context.update(kwargs)
        return super().get_context_data(**context)


class CaseActionView(CaseMixin, View):
    """A POST on a case by the host who prepares it; errors shown on the case page."""

    permission_required = "assessment.prepare_dossier"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            return self.act(Actor.from_request(request))
        except AlreadyDone as done:
            for message in done.messages:
                messages.info(request, message)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return self.back()

    def act(self, actor: Actor):
        raise NotImplementedError

    def page_with(self, **forms):
        """The case page again, with a form that did not pass and what was typed in it."""
        view = CaseDossierView(request=self.request, kwargs=self.kwargs, args=self.args)
        view.object = self.case
        return view.render_to_response(view.get_context_data(**forms))


class SelfReportView(CaseActionView):
    def act(self, actor):
        form = SelfReportForm(self.request.POST)
        if form.is_valid():
            try:
                dossiers.save_self_report(
                    actor=actor, case=self.case, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    raise
                add_service_errors(form, error)
        if form.errors:
            return self.page_with(self_report_form=form)
        messages.success(self.request, _("自评报告已保存"))
        return self.back()


class AddDocumentView(CaseActionView):
    upload_kind = dossiers.UPLOAD_KIND

    def act(self, actor):
        form = DocumentForm(self.request.POST, self.request.FILES)
        if form.is_valid():
            try:
                dossiers.add_document(
                    actor=actor,
                    case=self.case,
                    title=form.cleaned_data["title"],
                    file=form.cleaned_data["file"],
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    raise
                add_service_errors(form, error)
        if form.errors:
            return self.page_with(document_form=form)
        messages.success(self.request, _("附加材料已上传"))
        return self.back()


class RemoveDocumentView(CaseActionView):
    def act(self, actor):
        document = get_object_or_404(self.case.documents.all(), pk=self.kwargs["document"])
        dossiers.remove_document(actor=actor, document=document)
        messages.success(self.request, _("已删除“%(title)s”") % {"title": document.title})
        return self.back()


class RefreshView(CaseActionView):
    def act(self, actor):
        job = dossiers.refresh_dossier(actor=actor, case=self.case)
        done = _("已按最新记录重新汇总考核材料")
        waiting = _("已请求重新汇总考核材料，稍后刷新本页即可看到")
        messages.info(self.request, done if job.finished else waiting)
        return self.back()


class SubmitView(CaseActionView):
    def act(self, actor):
        form = SubmitForm(self.request.POST)
        if not form.is_valid():
            return self.page_with(submit_form=form)
        dossiers.submit_case(actor=actor, case=self.case)
        messages.success(self.request, _("考核材料已提交并封存"))
        return self.back()


class CaseDocumentView(CaseMixin, View):
    """A document added to the case, for whoever may read the dossier."""

    def get(self, request, *args, **kwargs):
        document = get_object_or_404(self.case.documents.all(), pk=kwargs["document"])
        return file_download(document.file, document.name)
