"""The library tests' world: the Hainan and Hangzhou programmes of the programme tests
(tests/records/programme_people.py) and a resource of each visibility."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.files import pdf_bytes
from tests.programmes import SYSTEM
from tests.records.programme_people import with_hainan, with_hangzhou
from touyan.core.actors import Actor
from touyan.library.models import Kind, Resource, Visibility
from touyan.library.services import share_resource


@dataclass
class Shelf:
    studio: Resource  # studio 0 (海口市龙华区), seen by its people only
    programme: Resource  # studio 1's, for the whole Hainan programme
    public: Resource  # studio 1's, for everyone
    hangzhou: Resource  # a Hangzhou trainee's, for the Hangzhou programme


def pdf(name: str = "资源.pdf", text: str = "resource") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def share(actor, programme, *, studio=None, title="资源", visibility=Visibility.PUBLIC, **extra):
    arguments = {
        "summary": "",
        "kind": Kind.CASE,
        "tags": [],
        "link": "https://example.org/resource",
    } | extra
    return share_resource(
        actor=actor,
        programme=programme,
        studio=studio,
        title=title,
        visibility=visibility,
        **arguments,
    )


def with_shelf(cast) -> Shelf:
    cast.hn = with_hainan(cast, members=2)
    cast.hz = with_hangzhou(cast, trainees=2)
    hn, hz = cast.hn, cast.hz
    host, other_host = Actor(user=cast.host), Actor(user=cast.other_host)
    return Shelf(
        studio=share(
            host,
            hn.programme,
            studio=hn.studios[0],
            title="龙华工作室的校本研修方案",
            visibility=Visibility.STUDIO,
            file=pdf(),
        ),
        programme=share(
            other_host,
            hn.programme,
            studio=hn.studios[1],
            title="吉阳工作室的课例设计",
            visibility=Visibility.PROGRAMME,
            kind=Kind.LESSON_DESIGN,
        ),
        public=share(
            other_host,
            hn.programme,
            studio=hn.studios[1],
            title="乡村学校课程领导力案例",
            visibility=Visibility.PUBLIC,
            tags=["乡村学校", "课程领导力"],
            file=pdf("案例.pdf"),
        ),
        hangzhou=share(
            Actor(user=cast.trainee),
            hz.programme,
            title="一人一方案的写法",
            visibility=Visibility.PROGRAMME,
            kind=Kind.TOOL,
        ),
    )


__all__ = ["SYSTEM", "Shelf", "pdf", "share", "with_shelf"]
