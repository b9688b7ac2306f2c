"""What the library's pages share: the list with its search and filters, read the same by the
signed-in library and the public one."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from touyan.core.pagination import paginate
from touyan.programmes.models import Programme, Studio

from ..forms import SearchForm

QUERY_PARAMETERS = ("q", "kind", "tag", "studio", "programme", "page")


def search_context(request, resources) -> dict:
    """The search form (its options from the resources at hand), a page of what it finds, and
    the query for the pager. A query too short is said on the form, and nothing is searched."""
    # Each studio and programme asked once through its index (not every resource read).
    studios = Studio.objects.filter(
        Exists(resources.filter(studio_id=OuterRef("pk")).order_by())
    ).order_by("name")
    programmes = Programme.objects.filter(
        Exists(resources.filter(programme_id=OuterRef("pk")).order_by())
    ).order_by("-starts_on", "slug")
    form = SearchForm(request.GET or None, studios=studios, programmes=programmes)
    searched = bool(request.GET.get("q", "").strip())
    if form.is_valid():
        resources = form.narrow(resources)
    else:
        searched = False
    page, query = paginate(request, resources.prefetch_related("tags"), per_page=20)
    return {"form": form, "page": page, "query": query, "searched": searched}
