"""Pages on one activity of a programme: found among the activities the user may see."""

from functools import cached_property

from django.shortcuts import get_object_or_404

from touyan.programmes.views.base import ProgrammeMixin

from ..selectors import activities_visible_to


class ActivityMixin(ProgrammeMixin):
    @cached_property
    def activity(self):
        activity = get_object_or_404(
            activities_visible_to(self.request.user, self.programme)
            .select_related("place_school__region")
            .prefetch_related("organisers__studio", "organisers__cohort"),
            pk=self.kwargs["pk"],
        )
        activity.programme = self.programme
        return activity

    def get_permission_object(self):
        return self.activity

    def get_context_data(self, **kwargs):
        kwargs.setdefault("activity", self.activity)
        user = self.request.user
        kwargs.setdefault("can_change", user.has_perm("records.change_activity", self.activity))
        kwargs.setdefault(
            "can_take_attendance", user.has_perm("records.take_attendance", self.activity)
        )
        return super().get_context_data(**kwargs)


def initial_from(data, multiple=()) -> dict:
    """A form's posted values as initial data, to show it again without its errors (after a
    search or a length count, which save nothing)."""
    return {
        key: data.getlist(key) if key in multiple else data.get(key)
        for key in data
        if key != "csrfmiddlewaretoken"
    }


def with_schools(people: dict) -> dict:
    """The same principals, in the same order, read again with their schools in one query."""
    from touyan.people.models import Principal

    fetched = Principal.objects.select_related("school").in_bulk(list(people))
    return {pk: fetched[pk] for pk in people}
