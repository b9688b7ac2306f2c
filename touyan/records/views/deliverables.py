"""Deliverables: the list, handing one in (with its length counted), one deliverable."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.downloads import file_download
from touyan.core.forms import add_service_errors
from touyan.core.pagination import paginate
from touyan.policies.names import shown
from touyan.programmes.selectors import studios_visible_to
from touyan.programmes.views.base import ProgrammeMixin

from ..forms import DeliverableFilterForm, DeliverableForm, VerifyCountForm
from ..lengths import length_note, min_chars_for
from ..presenters import label_deliverables
from ..selectors import deliverable_owners_for, deliverables_visible_to
from ..services import submit_deliverable, verify_char_count
from ..text import char_count
from .base import initial_from


class DeliverableListView(ProgrammeMixin, TemplateView):
    template_name = "records/deliverable_list.html"

    def get_context_data(self, **kwargs):
        user, programme, spec = self.request.user, self.programme, self.spec
        studios = studios_visible_to(user, programme)
        form = DeliverableFilterForm(self.request.GET or None, spec=spec, studios=studios)
        deliverables = deliverables_visible_to(user, programme).order_by("-submitted_on", "-pk")
        if form.is_valid():
            deliverables = form.narrow(deliverables)
        page, query = paginate(self.request, deliverables)
        return super().get_context_data(
            form=form,
            page=page,
            query=query,
            deliverables=label_deliverables(page, spec),
            tab="deliverables",
            can_submit=user.has_perm("records.submit_deliverable", programme),
            **kwargs,
        )


class DeliverableCreateView(ProgrammeMixin, TemplateView):
    permission_required = "records.submit_deliverable"
    template_name = "records/deliverable_form.html"
    upload_kind = "deliverable"

    def build_form(self, data=None, files=None, initial=None):
        owners = deliverable_owners_for(
            self.request.user, self.programme, self.request.GET.get("q", "")
        )
        return DeliverableForm(data, files, initial=initial, owners=owners, spec=self.spec)

    def render_form(self, form, count_note=""):
        return self.render_to_response(self.get_context_data(form=form, count_note=count_note))

    def get(self, request, *args, **kwargs):
        return self.render_form(self.build_form())

    def post(self, request, *args, **kwargs):
        if "count" in request.POST:
            # 统计字数: count what was typed against the chosen kind, save nothing.
            kind = request.POST.get("kind", "")
            note = length_note(
                char_count(request.POST.get("body", "")), min_chars_for(self.spec, kind)
            )
            return self.render_form(self.build_form(initial=initial_from(request.POST)), note)
        form = self.build_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                deliverable = submit_deliverable(
                    actor=Actor.from_request(request),
                    programme=self.programme,
                    **form.service_arguments(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                note = length_note(
                    deliverable.char_count, min_chars_for(self.spec, deliverable.kind)
                )
                messages.success(
                    request,
                    _("已提交“%(title)s”，%(note)s") % {"title": deliverable.title, "note": note},
                )
                return redirect("records:deliverable", slug=self.programme.slug, pk=deliverable.pk)
        return self.render_form(form)

    def get_context_data(self, **kwargs):
        minimums = {
            shown(k): min_chars_for(self.spec, k.code)
            for k in self.spec.deliverable_kinds
            if min_chars_for(self.spec, k.code)
        }
        return super().get_context_data(
            minimums=minimums, owner_search=self.request.GET.get("q", ""), **kwargs
        )


class DeliverableMixin(ProgrammeMixin):
    def get_deliverable(self):
        return get_object_or_404(
            deliverables_visible_to(self.request.user, self.programme), pk=self.kwargs["pk"]
        )


class DeliverableDetailView(DeliverableMixin, TemplateView):
    template_name = "records/deliverable_detail.html"

    def get_context_data(self, **kwargs):
        deliverable = kwargs.pop("deliverable", None) or self.get_deliverable()
        kind = self.spec.deliverable_kind(deliverable.kind)
        minimum = min_chars_for(self.spec, deliverable.kind)
        verifies = deliverable.count_pending and self.request.user.has_perm(
            "records.verify_deliverable", deliverable
        )
        if verifies and "verify_form" not in kwargs:
            kwargs["verify_form"] = VerifyCountForm(initial={"char_count": deliverable.char_count})
        return super().get_context_data(
            deliverable=deliverable,
            kind_name=shown(kind) if kind else deliverable.kind,
            length=length_note(deliverable.char_count, minimum),
            short=minimum is not None and deliverable.counted_chars < minimum,
            # Its owners share it to the library in one step (touyan.library).
            can_share=self.request.user.has_perm("library.share_source", deliverable),
            **kwargs,
        )


class VerifyCountView(DeliverableDetailView):
    """POST only: the centre confirms the declared length of a file without readable text."""

    permission_required = "programmes.manage_programme"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        deliverable = self.get_deliverable()
        form = VerifyCountForm(request.POST)
        if form.is_valid():
            try:
                verify_char_count(
                    actor=Actor.from_request(request),
                    deliverable=deliverable,
                    char_count=form.cleaned_data["char_count"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("字数已核实，计入考核"))
                return redirect("records:deliverable", slug=self.programme.slug, pk=deliverable.pk)
        return self.render_to_response(
            self.get_context_data(deliverable=deliverable, verify_form=form)
        )


class DeliverableFileView(DeliverableMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        deliverable = self.get_deliverable()
        extension = deliverable.file.name.rsplit(".", 1)[-1] if deliverable.file else ""
        return file_download(deliverable.file, f"{deliverable.title}.{extension}")
