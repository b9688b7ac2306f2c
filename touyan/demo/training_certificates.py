"""The demo's certificates: the authority uploads a seal (a red seal drawn at run time), the
centre issues the cohort's certificates (the job runs inline in the demo build) and revokes one
with its reason. Built only through the services."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from touyan.certificates.models import Certificate
from touyan.certificates.services import issue_cohort, revoke_certificate, upload_seal
from touyan.core.actors import Actor
from touyan.programmes.models import Cohort, Trainee


def seal_image(size: int = 360) -> bytes:
    """A round red seal with a star, on a transparent ground."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (205, 22, 22, 235)
    draw.ellipse((8, 8, size - 8, size - 8), outline=red, width=size // 22)
    draw.regular_polygon((size / 2, size / 2, size / 5), 5, fill=red)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def build_certificates(
    *, actor: Actor, today: dt.date, cohort: Cohort, revoke: Trainee | None
) -> list[Certificate]:
    """``actor`` runs the programme as its authority (uploads the seal, issues, revokes)."""
    upload_seal(
        actor=actor,
        programme=cohort.programme,
        upload=SimpleUploadedFile("seal.png", seal_image(), content_type="image/png"),
    )
    issue_cohort(actor=actor, cohort=cohort)
    if revoke is not None:
        certificate = Certificate.objects.filter(trainee=revoke, revoked_at__isnull=True).first()
        if certificate is not None:
            revoke_certificate(
                actor=actor,
                certificate=certificate,
                reason="经核查，结业考核所依据的课题结题材料与实际不符，证书予以撤销。",
            )
    return list(cohort.certificates.order_by("sequence"))
