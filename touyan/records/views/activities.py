"""Activities of a programme: the list, one activity, creating, editing and deleting it."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.compliance import freshness
from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.kept import kept
from touyan.core.pagination import paginate
from touyan.policies.names import shown
from touyan.programmes.selectors import cohorts_visible_to, studios_visible_to
from touyan.programmes.views.base import ProgrammeMixin

from ..forms import (
    LARGEST_ID,
    ActivityFilterForm,
    ActivityForm,
    FileUploadForm,
    activity_initial,
)
from ..models import Attendance
from ..presenters import label_activities
from ..selectors import (
    activities_visible_to,
    cohorts_recorded_by,
    participant_schools,
    participants_seen_by,
    place_schools_for,
    studios_recorded_by,
)
from ..services import expected_participants, update_activity
from ..uploads import create_activity_with_files, delete_activity_with_files
from .base import ActivityMixin, initial_from, with_schools

SCHOOL_HITS = 30
SCHOOLS_LISTED = 200
# Above this many studios the organiser boxes are found by a search instead of all listed.
STUDIO_LIST_LIMIT = 40


class ActivityListView(ProgrammeMixin, TemplateView):
    template_name = "records/activity_list.html"

    def get_context_data(self, **kwargs):
        user, programme = self.request.user, self.programme
        form = ActivityFilterForm(
            self.request.GET or None,
            spec=self.spec,
            studios=studios_visible_to(user, programme),
            cohorts=cohorts_visible_to(user, programme),
        )
        activities = (
            activities_visible_to(user, programme)
            .select_related("place_school")
            .prefetch_related("organisers__studio", "organisers__cohort")
            .annotate(
                present=Count(
                    "attendance",
                    filter=Q(attendance__status=Attendance.Status.PRESENT),
                    distinct=True,
                )
            )
            .order_by("-date", "-pk")
        )
        if form.is_valid():
            activities = form.narrow(activities)
        page, query = paginate(self.request, activities)
        return super().get_context_data(
            form=form,
            page=page,
            query=query,
            activities=label_activities(page, self.spec),
            tab="activities",
            can_add=user.has_perm("records.add_activity", programme),
            **kwargs,
        )


class ActivityDetailView(ActivityMixin, TemplateView):
    template_name = "records/activity_detail.html"

    def get_context_data(self, **kwargs):
        activity = self.activity
        files = list(activity.files.all())
        spec = self.spec
        topic = spec.curriculum and next(
            (t for t in spec.curriculum.topics if t.code == activity.topic), None
        )
        return super().get_context_data(
            type_name=label_activities([activity], spec)[0].type_name,
            topic_name=shown(topic) if topic else activity.topic,
            organisers=activity.organisers.all(),
            # Built only when the kept roll is not in the shared cache (core/kept.py).
            roll=SimpleLazyObject(self.roll),
            kept=kept(self.request, *freshness.names(self.programme.pk)),
            photos=[f for f in files if f.kind == f.Kind.PHOTO],
            materials=[f for f in files if f.kind == f.Kind.MATERIAL],
            upload_form=FileUploadForm(),
            **kwargs,
        )

    def roll(self) -> dict:
        """Who was expected and how each attended, among those the user may see."""
        activity = self.activity
        seen = participants_seen_by(self.request.user, self.programme)
        marks = {a.principal_id: a for a in activity.attendance.select_related("principal")}
        people = expected_participants(activity)
        people.update({pk: mark.principal for pk, mark in marks.items() if pk not in people})
        people = with_schools(people)
        rows = [(p, marks.get(pk)) for pk, p in people.items() if seen is None or pk in seen]
        totals = {status: 0 for status in Attendance.Status.values}
        for _person, mark in rows:
            if mark is not None:
                totals[mark.status] += 1
        return {
            "rows": rows,
            "totals": totals,
            "unmarked": sum(1 for _p, mark in rows if mark is None),
        }


class ActivityFormMixin:
    """Shows the activity form. A press on 查找 offers the schools (or, in a programme with
    many studios, the studios) matching what was typed, keeps the rest of the form as it was
    and saves nothing."""

    template_name = "records/activity_form.html"
    organisers: str | None = None

    def build_form(self, data=None, files=None, initial=None):
        values = data if data is not None else initial or {}
        choices = self.organiser_choices()
        self.studio_hits = None
        shown_studios = None
        if "studios" in choices and choices["studios"].count() > STUDIO_LIST_LIMIT:
            shown_studios = self._studios_to_offer(choices["studios"], values)
        return ActivityForm(
            data,
            files,
            initial=initial,
            spec=self.spec,
            schools=place_schools_for(self.request.user, self.programme),
            shown_schools=self._schools_to_offer(values),
            shown_studios=shown_studios,
            organisers=self.organisers,
            **choices,
        )

    def _schools_to_offer(self, values) -> list:
        """The participants' schools, the search hits first and the chosen school on top."""
        user, programme = self.request.user, self.programme
        schools = place_schools_for(user, programme)
        shown = list(
            participant_schools(user, programme).order_by("region_id", "name")[:SCHOOLS_LISTED]
        )
        query = (values.get("school_query") or "").strip()
        self.school_hits = None
        if query:
            hits = list(schools.filter(name__contains=query).order_by("name")[:SCHOOL_HITS])
            self.school_hits = len(hits)
            shown = hits + [s for s in shown if s not in hits]
        chosen = values.get("place_school")
        if chosen and str(chosen).isdigit():
            shown = list(schools.filter(pk=int(chosen))) + [s for s in shown if s.pk != int(chosen)]
        return shown

    def _studios_to_offer(self, studios, values) -> list:
        """In a programme with many studios: those already ticked and the search hits."""
        ticked = values.getlist("studios") if hasattr(values, "getlist") else values.get("studios")
        ticked = [int(pk) for pk in ticked or [] if str(pk).isdigit() and int(pk) <= LARGEST_ID]
        shown = list(studios.filter(pk__in=ticked))
        query = (values.get("studio_query") or "").strip()
        if query:
            hits = studios.filter(Q(name__contains=query) | Q(host__name__contains=query))
            hits = list(hits.exclude(pk__in=ticked).order_by("name")[:SCHOOL_HITS])
            self.studio_hits = len(hits)
            shown += hits
        return shown

    def organiser_choices(self) -> dict:
        return {}

    def render_form(self, form):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                school_hits=self.school_hits,
                studio_hits=self.studio_hits,
                own_studios=self.own_studios(),
            )
        )

    def own_studios(self) -> list:
        """The studios a host's new activity is organised by, named on the form."""
        return []

    def post(self, request, *args, **kwargs):
        if "find_school" in request.POST or "find_studio" in request.POST:
            initial = initial_from(request.POST, multiple=("studios",))
            return self.render_form(self.build_form(initial=initial))
        form = self.build_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                return self.save(form)
            except ValidationError as error:
                add_service_errors(form, error)
        return self.render_form(form)


class ActivityCreateView(ActivityFormMixin, ProgrammeMixin, TemplateView):
    permission_required = "records.add_activity"
    upload_kind = "activity"

    @property
    def organisers(self):
        if self.spec.policy.subject == "trainee":
            return "cohort"
        # A host records for their own studio only: an activity that counts for several
        # studios (工作室联合活动) is recorded by the centre, with every studio's consent.
        return "studios" if self.manages else "own"

    def organiser_choices(self) -> dict:
        user, programme = self.request.user, self.programme
        if self.organisers == "cohort":
            return {"cohorts": cohorts_recorded_by(user, programme)}
        if self.organisers == "studios":
            return {"studios": studios_recorded_by(user, programme)}
        return {}

    @cached_property
    def hosted(self) -> list:
        return list(studios_recorded_by(self.request.user, self.programme))

    def own_studios(self) -> list:
        return self.hosted if self.organisers == "own" else []

    def get(self, request, *args, **kwargs):
        initial = {}
        studio = request.GET.get("studio", "")
        if self.organisers == "studios" and studio.isdigit():
            initial["studios"] = [int(studio)]
        return self.render_form(self.build_form(initial=initial))

    def save(self, form):
        data = form.cleaned_data
        if self.organisers == "cohort":
            organisers = {"cohort": data["cohort"]}
        elif self.organisers == "studios":
            organisers = {"studios": list(data["studios"])}
        else:
            organisers = {"studios": self.hosted}
        activity = create_activity_with_files(
            actor=Actor.from_request(self.request),
            programme=self.programme,
            files=data.get("files") or [],
            **organisers,
            **form.activity_fields(),
        )
        messages.success(self.request, _("已登记活动“%(title)s”") % {"title": activity.title})
        return redirect("records:activity", slug=self.programme.slug, pk=activity.pk)


class ActivityUpdateView(ActivityFormMixin, ActivityMixin, TemplateView):
    permission_required = "records.change_activity"

    def get(self, request, *args, **kwargs):
        return self.render_form(self.build_form(initial=activity_initial(self.activity)))

    def save(self, form):
        update_activity(
            actor=Actor.from_request(self.request),
            activity=self.activity,
            **form.activity_fields(),
        )
        messages.success(self.request, _("已保存"))
        return redirect("records:activity", slug=self.programme.slug, pk=self.activity.pk)


class ActivityDeleteView(ActivityMixin, TemplateView):
    permission_required = "records.change_activity"
    template_name = "records/activity_delete.html"

    def post(self, request, *args, **kwargs):
        title = self.activity.title
        try:
            delete_activity_with_files(actor=Actor.from_request(request), activity=self.activity)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect("records:activity", slug=self.programme.slug, pk=self.activity.pk)
        messages.success(request, _("已删除活动“%(title)s”") % {"title": title})
        return redirect("records:activity_list", slug=self.programme.slug)
