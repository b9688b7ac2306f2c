"""What every page inside one programme shares: the programme, found through the selector, so
that a programme the user may not see answers 404 before anything else is read."""

from functools import cached_property

from django.urls import NoReverseMatch, reverse

from touyan.core.permissions import PermissionMixin

from ..policy import spec_of
from ..selectors import programme_for


class ProgrammeMixin(PermissionMixin):
    @cached_property
    def programme(self):
        return programme_for(self.request.user, self.kwargs["slug"])

    @cached_property
    def spec(self):
        return spec_of(self.programme)

    @cached_property
    def manages(self) -> bool:
        return self.request.user.has_perm("programmes.manage_programme", self.programme)

    def get_permission_object(self):
        return self.programme

    def get_context_data(self, **kwargs):
        kwargs.setdefault("programme", self.programme)
        kwargs.setdefault("spec", self.spec)
        kwargs.setdefault("manages", self.manages)
        if any(rule.kind == "link_schools" for rule in self.spec.rules):
            kwargs.setdefault(
                "link_schools_url", reverse("programmes:link_schools", args=[self.programme.slug])
            )
        return super().get_context_data(**kwargs)


def optional_url(name: str, *args) -> str:
    """The URL of a page another part of the platform provides, or "" while it does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
