"""Link schools (EX-7): a programme's principals with the link schools they keep, and a form
to designate one — for the principal themself, their studio's host and the programme's staff."""

from functools import cached_property

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.people.models import Principal, School
from touyan.regions.codes import scope_prefix

from ..access import access_of
from ..forms import DATE
from ..link_schools import designate_link_school, end_link_school, holders_of, link_rule
from ..models import LinkSchool, StudioMember
from .base import ProgrammeMixin

SCHOOL_HITS = 30


class DesignateForm(forms.Form):
    principal = forms.TypedChoiceField(label=gettext_lazy("校长"), coerce=int)
    school_query = forms.CharField(
        label=gettext_lazy("查找学校"),
        required=False,
        max_length=64,
        help_text=gettext_lazy("输入校名的一部分，点“查找”。"),
    )
    school = forms.ModelChoiceField(label=gettext_lazy("联系学校"), queryset=School.objects.none())
    designated_on = forms.DateField(label=gettext_lazy("确定日期"), widget=DATE)

    def __init__(self, *args, holders, schools, shown_schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principal"].choices = [
            (h.principal_id, f"{h.name}（{h.where}）") for h in holders
        ]
        self.fields["school"].queryset = schools
        # Every school of the jurisdiction is accepted; only the search hits are offered.
        self.fields["school"].widget.choices = [("", "—")] + [
            (s.pk, f"{s.name}（{s.region.name}）") for s in shown_schools
        ]


class LinkSchoolsMixin(ProgrammeMixin):
    @cached_property
    def rule(self):
        rule = link_rule(self.programme)
        if rule is None:
            raise Http404
        return rule

    @cached_property
    def holders(self):
        """Those whose link schools the user may designate: everyone for the programme's staff;
        otherwise themself and, for a host, their studio's members."""
        if self.manages:
            return holders_of(self.programme)
        me = access_of(self.request.user).principal_id
        if me is None:
            return []
        mine = {me} | set(
            StudioMember.objects.filter(
                studio__programme=self.programme, studio__host_id=me, left_on__isnull=True
            ).values_list("principal_id", flat=True)
        )
        return holders_of(self.programme, principal_ids=mine)


class LinkSchoolsView(LinkSchoolsMixin, FormView):
    template_name = "programmes/link_schools.html"

    def schools(self):
        schools = School.objects.filter(
            region__code__startswith=scope_prefix(self.programme.jurisdiction_id)
        ).select_related("region")
        return schools.filter(is_rural=True) if self.rule.rural_only else schools

    def get_form(self, form_class=None):
        values = self.request.POST if self.request.method == "POST" else {}
        query = (values.get("school_query") or "").strip()
        shown = []
        self.school_hits = None
        if query:
            shown = list(self.schools().filter(name__contains=query).order_by("name")[:SCHOOL_HITS])
            self.school_hits = len(shown)
        chosen = values.get("school")
        if chosen and str(chosen).isdigit():
            shown = list(self.schools().filter(pk=int(chosen))) + [
                s for s in shown if s.pk != int(chosen)
            ]
        return DesignateForm(
            **self.get_form_kwargs(),
            holders=self.holders,
            schools=self.schools(),
            shown_schools=shown,
        )

    def get_initial(self):
        return {"designated_on": timezone.localdate()}

    def post(self, request, *args, **kwargs):
        if not self.holders:
            raise Http404
        form = self.get_form()
        if "find_school" in request.POST:
            return self.render_to_response(self.get_context_data(form=form))
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def form_valid(self, form):
        data = form.cleaned_data
        principal = get_object_or_404(Principal, pk=data["principal"])
        try:
            designate_link_school(
                actor=Actor.from_request(self.request),
                programme=self.programme,
                principal=principal,
                school=data["school"],
                designated_on=data["designated_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已将“%(school)s”确定为%(name)s的联系学校")
            % {"school": data["school"].name, "name": principal.name},
        )
        return redirect("programmes:link_schools", slug=self.programme.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            holders=self.holders,
            rule=self.rule,
            school_hits=getattr(self, "school_hits", None),
            **kwargs,
        )


class EndLinkSchoolView(LinkSchoolsMixin, View):
    def post(self, request, *args, **kwargs):
        link = get_object_or_404(
            LinkSchool.objects.select_related("school", "principal"),
            programme=self.programme,
            pk=self.kwargs["pk"],
        )
        if not request.user.has_perm("programmes.designate_link_school", link):
            raise Http404
        try:
            end_link_school(actor=Actor.from_request(request), link=link)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("“%(school)s”不再是%(name)s的联系学校")
                % {"school": link.school.name, "name": link.principal.name},
            )
        return redirect("programmes:link_schools", slug=self.programme.slug)
