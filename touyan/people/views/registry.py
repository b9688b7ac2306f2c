"""Back-office pages of the registry: schools and principals, scoped to the user's area."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView

from touyan.accounts.scopes import scope_of
from touyan.audit.services import reveal
from touyan.core import freshness, personal_data
from touyan.core.actors import Actor
from touyan.core.kept import kept
from touyan.core.pagination import paginate
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin
from touyan.regions.models import Region

from .. import selectors, services
from ..forms import PrincipalForm, PrincipalSearchForm, SchoolForm, SchoolSearchForm, scoped_regions


class PrincipalListView(PermissionMixin, TemplateView):
    permission_required = "people.view_registry"
    template_name = "people/principal_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = PrincipalSearchForm(self.request.GET or None, regions=scoped_regions(scope_of(user)))
        principals = selectors.principals_visible_to(user)
        if form.is_valid():
            principals = form.search(principals)
        page, query = paginate(self.request, principals)
        return super().get_context_data(
            form=form,
            page=page,
            query=query,
            offers_full_numbers=personal_data.may_ask_in_full(user),
            kept=kept(self.request, freshness.REGISTRY),
            **kwargs,
        )


class PrincipalDetailView(ObjectPermissionMixin, DetailView):
    """Numbers masked, the viewer's own in full; a user with the right may reveal them."""

    permission_required = "people.view_principal"
    template_name = "people/principal_detail.html"
    context_object_name = "principal"

    def get_queryset(self):
        return selectors.principals_visible_to(self.request.user)

    def get_context_data(self, disclosure=None, **kwargs):
        user, principal = self.request.user, self.object
        disclosure = disclosure or personal_data.masked(user)
        sees_personal_data = user.has_perm("people.view_personal_data", principal)
        return super().get_context_data(
            sees_personal_data=sees_personal_data,
            id_number=disclosure.id_number(principal),
            mobile=disclosure.mobile(principal),
            revealed=disclosure.full,
            can_reveal=sees_personal_data and not disclosure.in_full(principal),
            can_change=user.has_perm("people.change_principal", principal),
            is_own_record=personal_data.is_own(user, principal),
            **kwargs,
        )


class PrincipalRevealView(PrincipalDetailView):
    """POST 显示: the full numbers of one record, on this response only, with an audit entry."""

    permission_required = "people.view_personal_data"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        disclosure = reveal(
            actor=Actor.from_request(request),
            subject=self.object,
            scope_code=self.object.school.region_id,
        )
        response = self.render_to_response(self.get_context_data(disclosure=disclosure))
        response["Cache-Control"] = "no-store"
        return response


class PrincipalCreateView(PermissionMixin, FormView):
    permission_required = "people.add_principal"
    template_name = "people/principal_form.html"

    def get_form(self, form_class=None):
        return PrincipalForm(
            **self.get_form_kwargs(),
            schools=selectors.schools_visible_to(self.request.user),
            viewer=self.request.user,
        )

    def form_valid(self, form):
        principal = services.create_principal(
            actor=Actor.from_request(self.request), data=form.to_data()
        )
        messages.success(self.request, _("已添加 %(name)s") % {"name": principal.name})
        return redirect("people:principal_detail", pk=principal.pk)


class PrincipalUpdateView(ObjectPermissionMixin, FormView):
    permission_required = "people.change_principal"
    template_name = "people/principal_form.html"

    def get_queryset(self):
        return selectors.principals_visible_to(self.request.user)

    def get_form(self, form_class=None):
        return PrincipalForm(
            **self.get_form_kwargs(),
            schools=selectors.schools_visible_to(self.request.user),
            viewer=self.request.user,
            instance=self.object,
        )

    def form_valid(self, form):
        services.update_principal(
            actor=Actor.from_request(self.request), principal=self.object, data=form.to_data()
        )
        messages.success(self.request, _("已保存"))
        return redirect("people:principal_detail", pk=self.object.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(principal=self.object, **kwargs)


class SchoolListView(PermissionMixin, TemplateView):
    permission_required = "people.view_registry"
    template_name = "people/school_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = SchoolSearchForm(self.request.GET or None, regions=scoped_regions(scope_of(user)))
        schools = (
            selectors.schools_visible_to(user)
            .annotate(principal_count=Count("principals"))
            .order_by("region_id", "name")
        )
        if form.is_valid():
            data = form.cleaned_data
            schools = selectors.search_schools(
                schools, text=data["q"], region_code=data["region"], kind=data["kind"]
            )
        page, query = paginate(self.request, schools)
        return super().get_context_data(
            form=form,
            page=page,
            query=query,
            kept=kept(self.request, freshness.REGISTRY),
            **kwargs,
        )


class SchoolDetailView(ObjectPermissionMixin, DetailView):
    permission_required = "people.view_school"
    template_name = "people/school_detail.html"
    context_object_name = "school"

    def get_queryset(self):
        return selectors.schools_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            principals=self.object.principals.order_by("position", "name"),
            can_change=self.request.user.has_perm("people.change_school", self.object),
            **kwargs,
        )


class SchoolCreateView(PermissionMixin, FormView):
    permission_required = "people.add_school"
    template_name = "people/school_form.html"

    def get_form(self, form_class=None):
        return SchoolForm(**self.get_form_kwargs(), regions=_region_queryset(self.request.user))

    def form_valid(self, form):
        school = services.create_school(actor=Actor.from_request(self.request), **form.cleaned_data)
        messages.success(self.request, _("已添加 %(name)s") % {"name": school.name})
        return redirect("people:school_detail", pk=school.pk)


class SchoolUpdateView(ObjectPermissionMixin, FormView):
    permission_required = "people.change_school"
    template_name = "people/school_form.html"

    def get_queryset(self):
        return selectors.schools_visible_to(self.request.user)

    def get_form(self, form_class=None):
        return SchoolForm(
            **self.get_form_kwargs(),
            regions=_region_queryset(self.request.user),
            instance=self.object,
        )

    def form_valid(self, form):
        services.update_school(
            actor=Actor.from_request(self.request), school=self.object, **form.cleaned_data
        )
        messages.success(self.request, _("已保存"))
        return redirect("people:school_detail", pk=self.object.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(school=self.object, **kwargs)


def _region_queryset(user):
    return Region.objects.filter(code__in=[r.code for r in scoped_regions(scope_of(user))])
