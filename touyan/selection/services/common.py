from __future__ import annotations

from collections.abc import Iterable


def tell(users: Iterable, title: str, body: str = "", url: str = "") -> None:
    from touyan.notifications.services import notify

    users = [user for user in users if user is not None]
    if users:
        notify(users=users, title=title, body=body, url=url)
