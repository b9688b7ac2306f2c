"""A Hainan programme with the community's cast (tests/records/programme_people.py) and an
online study session of studio 0 whose window is around now."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.records.programme_people import account_for, with_hainan
from touyan.community.services.sessions import create_session
from touyan.core.actors import Actor, Source


def as_(user) -> Actor:
    return Actor(user=user, source=Source.WEB)


def hainan_community(cast, members: int = 3):
    hn = with_hainan(cast, members=members)
    studio = hn.studios[0]
    # A second member with an account: the one who misses the session.
    cast.second = account_for(hn.members[studio.pk][1], "hn-second")
    return hn


def session_of(cast, hn, *, opens=-2, closes=2, **fields):
    """A session of studio 0 set by its host, its window ``opens``..``closes`` hours from now."""
    now = timezone.now()
    return create_session(
        actor=as_(cast.host),
        studio=hn.studios[0],
        title=fields.pop("title", "读《学校的变革》第三章"),
        kind=fields.pop("kind", "reading"),
        text=fields.pop("text", "请阅读第三章，谈谈对本校课程改革的启发。"),
        opens_at=now + dt.timedelta(hours=opens),
        closes_at=now + dt.timedelta(hours=closes),
        **fields,
    )
