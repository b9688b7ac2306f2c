"""Writes of the certificates domain: the seal, issuing (one certificate per pass, a cohort at a
time as one background job), revocation. Each is one transaction that checks the permission,
writes, audits and tells whom it concerns."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image as PILImage

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.core.uploads import (
    IMAGES,
    atomic_with_files,
    delete_on_commit,
    prepare_upload,
    save_file,
)
from touyan.jobs.models import Job
from touyan.jobs.services import enqueue
from touyan.notifications.services import notify
from touyan.programmes.models import Cohort, Programme, Trainee
from touyan.programmes.policy import spec_of
from touyan.selection.offices import office_name
from touyan.training.models import Completion

from .credentials import credential_document, sign
from .documents import certificate_pdf, font_for
from .models import Certificate, Seal

ISSUE_JOB = "certificates.issue"
REASON_MAX = 1000


# Numbers -------------------------------------------------------------------------------------


def programme_code(programme: Programme) -> str:
    """The policy's ``[training] certificate_prefix``, else the letters of the programme's slug
    before its first number: ``hzmxz-2026`` → HZMXZ."""
    training = spec_of(programme).training
    if training is not None and training.certificate_prefix:
        return training.certificate_prefix
    head = re.split(r"[-_]?\d", programme.slug, maxsplit=1)[0]
    return re.sub(r"[^A-Z0-9]", "", head.upper())[:12] or "TY"


def certificate_number(cohort: Cohort, year: int) -> str:
    """``HZMXZ-2026-01-0007``: programme, year of issue, cohort, then the next number after
    those issued under the same head — by this cohort, or by the same cohort of another of the
    policy's programmes (a later cycle's) in that year."""
    head = f"{programme_code(cohort.programme)}-{year}-{cohort.number:02d}-"
    _lock(head)
    used = Certificate.objects.filter(number__startswith=head).values_list("number", flat=True)
    last = max((int(n[len(head) :]) for n in used if n[len(head) :].isdigit()), default=0)
    return f"{head}{last + 1:04d}"


def _lock(head: str) -> None:
    """Cohorts of two programmes may share a head, and their issues do not lock each other's
    cohort: on PostgreSQL the second waits here until the first commits (SQLite writes one
    transaction at a time). Called inside the issuing transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"certificate:{head}"])


def hours_of(completion: Completion) -> Decimal | None:
    """The class hours the completion review counted (``training.evidence``: the evidence's
    ``hours["done"]``, frozen when the centre decided)."""
    done = ((completion.evidence or {}).get("hours") or {}).get("done")
    try:
        return None if done in (None, "") else Decimal(str(done)).quantize(Decimal("0.1"))
    except InvalidOperation:
        return None


# The seal ------------------------------------------------------------------------------------


def upload_seal(*, actor: Actor, programme: Programme, upload) -> Seal:
    """The programme's seal image (PNG or JPEG, decoded and written again), replacing any."""
    require(actor, "certificates.manage_seal", programme)
    _file_type, content = prepare_upload(upload, IMAGES, kind="seal")
    _refuse_oversized_seal(content)
    with atomic_with_files():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        seal = Seal.objects.filter(programme=programme).first()
        created = seal is None
        if created:
            seal = Seal(programme=programme)
        else:
            delete_on_commit(seal.image)
        save_file(seal.image, content)
        seal.uploaded_at, seal.uploaded_by = timezone.now(), actor.user
        seal.save()
        record(
            actor=actor,
            verb=Verb.CREATE if created else Verb.UPDATE,
            target=seal,
            scope_code=programme.jurisdiction_id,
            note=_("上传证书印章"),
        )
    return seal


# A seal prints about 4 cm wide: 3000 pixels a side is far beyond any print, and every
# certificate's PDF carries the image.
SEAL_MAX_SIDE = 3000


def _refuse_oversized_seal(content) -> None:
    content.seek(0)
    with PILImage.open(content) as image:
        width, height = image.size
    content.seek(0)
    if max(width, height) > SEAL_MAX_SIDE:
        raise ValidationError(
            _("印章图片过大（%(w)d×%(h)d 像素），每边不超过 %(max)d 像素")
            % {"w": width, "h": height, "max": SEAL_MAX_SIDE}
        )


# Issuing -------------------------------------------------------------------------------------


def passes_without_certificate(cohort: Cohort):
    return Completion.objects.filter(
        trainee__cohort=cohort, result=Completion.Result.PASS, certificate__isnull=True
    ).exclude(trainee__status=Trainee.Status.REMOVED)


@transaction.atomic
def request_issue(*, actor: Actor, cohort: Cohort) -> Job:
    """Ask for the cohort's certificates: one background job issues every pass still without
    one. Asking twice before it has run returns the same job."""
    require(actor, "certificates.issue", cohort)
    pending = list(passes_without_certificate(cohort).values_list("pk", flat=True))
    if not pending:
        raise ValidationError(_("本期没有待发证书的结业合格学员"))
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=cohort,
        scope_code=cohort.programme.jurisdiction_id,
        note=_("发放结业证书：%(count)d 人") % {"count": len(pending)},
    )
    return enqueue(
        actor=actor,
        kind=ISSUE_JOB,
        payload={"cohort": cohort.pk},
        key=f"{ISSUE_JOB}:{cohort.pk}:{len(pending)}:{max(pending)}",
        scope_code=cohort.programme.jurisdiction_id,
    )


def issue_certificate(
    *, actor: Actor, completion: Completion, today: dt.date | None = None, font=None
) -> Certificate:
    """The certificate of one pass; the one already issued when there is one (a job delivered
    again, a second request), never a second. ``font``: the cohort's (``documents.font_for``)."""
    with atomic_with_files():
        trainee = (
            Trainee.objects.select_for_update(of=("self",))
            .select_related("cohort__programme__jurisdiction", "principal__user")
            .get(pk=completion.trainee_id)
        )
        existing = Certificate.objects.filter(trainee=trainee).first()
        if existing is not None:
            return existing
        cohort = trainee.cohort
        require(actor, "certificates.issue", cohort)
        completion = Completion.objects.get(pk=completion.pk)
        if completion.result != Completion.Result.PASS:
            raise ValidationError(_("只有结业考核合格的学员才能获得结业证书"))
        if trainee.status == Trainee.Status.REMOVED:
            raise ValidationError(_("已淘汰的学员不能获得结业证书"))
        Cohort.objects.select_for_update().filter(pk=cohort.pk).first()  # numbers in order
        today = today or timezone.localdate()
        sequence = (cohort.certificates.aggregate(n=Max("sequence"))["n"] or 0) + 1
        programme = cohort.programme
        certificate = Certificate(
            trainee=trainee,
            completion=completion,
            cohort=cohort,
            sequence=sequence,
            number=certificate_number(cohort, today.year),
            issued_on=today,
            issued_by=actor.user,
            name=trainee.principal.name,
            programme_name=programme.name,
            cohort_name=cohort.name,
            completed_on=timezone.localdate(completion.decided_at),
            hours=hours_of(completion),
        )
        certificate.credential, certificate.key_id = sign(credential_document(certificate))
        seal = Seal.objects.filter(programme=programme).first()
        seal_bytes = _read(seal.image) if seal else None
        pdf = certificate_pdf(
            certificate, seal=seal_bytes, issuer=office_name(programme.jurisdiction), font=font
        )
        save_file(certificate.pdf, ContentFile(pdf, name=f"{certificate.token}.pdf"))
        certificate.save()
        record(
            actor=actor,
            verb=Verb.CREATE,
            target=certificate,
            scope_code=programme.jurisdiction_id,
            note=_("发放结业证书 %(number)s") % {"number": certificate.number},
        )
        notify(
            users=[trainee.principal.user],
            title=_("您的结业证书已发放（编号 %(number)s）") % {"number": certificate.number},
            url=reverse("certificates:detail", args=[certificate.pk]),
        )
    return certificate


def _read(field_file) -> bytes | None:
    try:
        with field_file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def issue_cohort(*, actor: Actor, cohort: Cohort, progress=None) -> list[Certificate]:
    """Every pass of the cohort without a certificate gets one, each in its own transaction
    (what is done stays done when a later one fails; a rerun issues only what is missing)."""
    require(actor, "certificates.issue", cohort)
    pending = list(
        passes_without_certificate(cohort)
        .select_related("trainee__principal", "trainee__cohort__programme__jurisdiction")
        .order_by("trainee__pk")
    )
    if not pending:
        return []
    programme = cohort.programme
    font = font_for(
        [programme.name, cohort.name, office_name(programme.jurisdiction)]
        + [completion.trainee.principal.name for completion in pending]
    )
    issued = []
    for index, completion in enumerate(pending, start=1):
        issued.append(issue_certificate(actor=actor, completion=completion, font=font))
        if progress is not None:
            progress(index, len(pending))
    return issued


# Revocation ----------------------------------------------------------------------------------


@transaction.atomic
def revoke_certificate(*, actor: Actor, certificate: Certificate, reason: str) -> Certificate:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("撤销证书须写明原因")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("原因不超过 %(max)d 字") % {"max": REASON_MAX}})
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("cohort__programme", "trainee__principal__user")
        .get(pk=certificate.pk)
    )
    require(actor, "certificates.revoke", certificate)
    if certificate.revoked:
        raise ValidationError(
            _("该证书已于 %(at)s 撤销")
            % {"at": timezone.localtime(certificate.revoked_at).strftime("%Y-%m-%d %H:%M")}
        )
    certificate.revoked_at, certificate.revoked_by = timezone.now(), actor.user
    certificate.revoked_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=certificate,
        scope_code=certificate.cohort.programme.jurisdiction_id,
        changes={"revoked_reason": [None, reason]},
        note=_("撤销结业证书 %(number)s") % {"number": certificate.number},
    )
    notify(
        users=[certificate.trainee.principal.user],
        title=_("您的结业证书（编号 %(number)s）已被撤销") % {"number": certificate.number},
        body=_("撤销原因：%(reason)s") % {"reason": reason},
        url=reverse("certificates:detail", args=[certificate.pk]),
    )
    return certificate
