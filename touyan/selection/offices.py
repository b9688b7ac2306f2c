"""The office a person acts for, as written on a stamp: "杭州市西湖区教育局"."""

from __future__ import annotations

from touyan.regions.models import Region


def office_name(region: Region) -> str:
    names = []
    node = region
    while node is not None and len(names) < 3:
        names.append(node.name)
        node = node.parent
    # A county is written with its city ("杭州市西湖区"); a city or province alone.
    names = list(reversed(names[:2] if region.level == 3 else names[:1]))
    # A province's department is a 厅; cities and counties have a 局.
    return "".join(names) + ("教育厅" if region.level == 1 else "教育局")
