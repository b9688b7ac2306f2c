"""A Hangzhou cohort whose trainees were decided: all pass but the last, who fails."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from touyan.training.models import Completion

from ..training.course import Course, course


def decide(course_: Course, *, fail_last: bool = True) -> list[Completion]:
    completions = []
    for index, trainee in enumerate(course_.trainees):
        failed = fail_last and index == len(course_.trainees) - 1
        completions.append(
            Completion.objects.create(
                trainee=trainee,
                result=Completion.Result.FAIL if failed else Completion.Result.PASS,
                reason="综合考核" + ("未达到要求" if failed else "合格"),
                evidence={"hours": {"total": 276.5}},
            )
        )
    return completions


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
