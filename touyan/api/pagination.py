from collections.abc import Callable

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE_SIZE = 200


class Pages(PageNumberPagination):
    """``?page=2&page_size=100``: 50 items a page unless asked, at most 200."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description="页码，从 1 开始")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description="每页条数，默认 50，最多 200"
        )

    def __init__(self, **kwargs):
        super().__init__(page_size=50, max_page_size=MAX_PAGE_SIZE, **kwargs)


class Presented:
    """A queryset the paginator counts and slices, turned into response data one page at a
    time (only the rows of the page are presented)."""

    def __init__(self, queryset, present: Callable):
        self.queryset, self.present = queryset, present

    def all(self):
        return self.queryset.all()

    def __getitem__(self, page: slice) -> list:
        return [self.present(item) for item in self.queryset[page]]
