"""A Hangzhou cohort whose trainees were decided: all pass but the last, who fails."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from touyan.accounts.roles import Role
from touyan.core.actors import Actor
from touyan.records import services as records
from touyan.training.models import Completion
from touyan.training.services.completion import Choice, decide_cohort

from ..factories import UserFactory, grant
from ..programmes import SYSTEM
from ..training.course import Course, course


def decide(course_: Course, *, fail_last: bool = True) -> list[Completion]:
    """The centre's decisions through the completion service, with the evidence as it stands
    (a test course has few hours: a certificate states what the review counted)."""
    choices = {}
    for index, trainee in enumerate(course_.trainees):
        records.credit_hours(
            actor=SYSTEM,
            trainee=trainee,
            topic="humanities",
            hours=Decimal("276.5"),
            credited_on=dt.date(2026, 6, 1),
            note="研修学时认定",
            today=dt.date(2026, 6, 1),
        )
        failed = fail_last and index == len(course_.trainees) - 1
        choices[trainee.pk] = Choice(
            result=Completion.Result.FAIL if failed else Completion.Result.PASS,
            reason="综合考核" + ("未达到要求" if failed else "合格"),
        )
    centre = UserFactory(username="certificate-centre")
    grant(centre, Role.CENTRE_STAFF, "330100")
    return decide_cohort(actor=Actor(centre), cohort=course_.hz.cohort, choices=choices)


def passed_course(trainees: int = 3) -> Course:
    course_ = course(trainees=trainees)
    decide(course_)
    return course_


def seal_png(size: int = 300) -> bytes:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, size - 6, size - 6), outline=(200, 20, 20, 255), width=size // 25)
    draw.regular_polygon((size / 2, size / 2, size / 6), 5, fill=(200, 20, 20, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def seal_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("seal.png", seal_png(), content_type="image/png")
