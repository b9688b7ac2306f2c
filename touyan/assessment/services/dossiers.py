"""The host's side of a case (HN-5.2, HN-5.3): the self-report, added documents, a fresh
assembly, and the submission that freezes the dossier.

Submitting assembles the dossier once more, then freezes it: ``dossier_hash`` is the SHA-256
of the canonical JSON of the dossier, the self-report and the documents' names and SHA-256.
After that every service here refuses (the ``CASE`` workflow's "edit" and "submit"), and
``verify`` tells whether the stored rows still give the same hash. Cases not submitted when
scoring starts are frozen as the system assembled them (``freeze_unsubmitted``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.core.uploads import (
    DOCX,
    IMAGES,
    PDF,
    atomic_with_files,
    delete_on_commit,
    excerpt,
    prepare_upload,
    save_file,
)
from touyan.jobs.services import enqueue

from ..dossier import assemble, assemble_many
from ..models import Case, CaseDocument, Round
from ..states import CASE, ROUND

# PDF, Word and photos; size limits of the evidence kind (settings.UPLOAD_LIMITS).
DOCUMENT_TYPES = (PDF, DOCX, *IMAGES)
UPLOAD_KIND = "evidence"
MAX_DOCUMENTS = 30
OVERDUE = "系统（逾期未提交）"
FREEZE_CHUNK = 200


# The hash -----------------------------------------------------------------------------------


def canonical(dossier: dict, self_report: str, documents: list[tuple[str, str]]) -> bytes:
    """The bytes the hash covers: sorted keys, no spaces, documents in the order added."""
    content = {
        "dossier": dossier,
        "self_report": self_report,
        "documents": [{"name": name, "sha256": sha} for name, sha in documents],
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest(dossier: dict, self_report: str, documents: list[tuple[str, str]]) -> str:
    return hashlib.sha256(canonical(dossier, self_report, documents)).hexdigest()


def _documents(case: Case) -> list[tuple[str, str]]:
    return list(case.documents.order_by("pk").values_list("name", "sha256"))


def verify(case: Case) -> bool:
    """Whether the case's stored dossier, self-report and documents still give its hash."""
    case = Case.objects.get(pk=case.pk)
    if not case.dossier_hash:
        return False
    return digest(case.dossier, case.self_report, _documents(case)) == case.dossier_hash


# Preparing ----------------------------------------------------------------------------------


def _prepare(actor: Actor, case: Case, today: dt.date | None = None) -> Case:
    """The case locked, if the actor prepares it and it may still change."""
    case = CASE.lock(case)
    require(actor, "assessment.prepare_dossier", case)
    ROUND.check(case.round, "prepare")
    CASE.check(case, "edit")
    if (today or timezone.localdate()) > case.round.closes_on:
        raise ValidationError(
            _("提交截止日期（%(date)s）已过，材料不能再修改")
            % {"date": case.round.closes_on.isoformat()}
        )
    return case


def _audit(actor: Actor, case: Case, changes: dict, note: str) -> None:
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=case,
        scope_code=case.round.programme.jurisdiction_id,
        changes=changes,
        note=note,
    )


@transaction.atomic
def save_self_report(*, actor: Actor, case: Case, text: str, today: dt.date | None = None) -> Case:
    case = _prepare(actor, case, today)
    text = text.strip()
    limit = Case._meta.get_field("self_report").max_length
    if len(text) > limit:
        raise ValidationError({"text": _("自评报告不能超过 %(n)d 字") % {"n": limit}})
    if text == case.self_report:
        return case
    _audit(actor, case, {"self_report": [len(case.self_report), len(text)]}, _("修改自评报告"))
    case.self_report = text
    case.save(update_fields=["self_report"])
    return case


def add_document(*, actor: Actor, case: Case, title: str, file) -> CaseDocument:
    """A document checked (PDF, Word or a photo, within the size limit), stored with its row
    and its SHA-256, or not at all."""
    with atomic_with_files():
        case = _prepare(actor, case)
        title = title.strip() or file.name
        if case.documents.count() >= MAX_DOCUMENTS:
            raise ValidationError(_("附加材料最多 %(n)d 份") % {"n": MAX_DOCUMENTS})
        try:
            _type, content = prepare_upload(file, DOCUMENT_TYPES, kind=UPLOAD_KIND)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        document = CaseDocument(
            case=case,
            title=excerpt(title, 200),
            name=file.name[:255],
            sha256=_sha256(content),
            uploaded_by=actor.user,
        )
        save_file(document.file, content)
        document.save()
        _audit(actor, case, {"documents": [None, document.name]}, _("添加考核附加材料"))
    return document


def _sha256(content) -> str:
    sha = hashlib.sha256()
    content.seek(0)
    for chunk in content.chunks():
        sha.update(chunk)
    content.seek(0)
    return sha.hexdigest()


@transaction.atomic
def remove_document(*, actor: Actor, document: CaseDocument) -> None:
    case = _prepare(actor, document.case)
    document = CaseDocument.objects.get(pk=document.pk, case=case)
    _audit(actor, case, {"documents": [document.name, None]}, _("删除考核附加材料"))
    delete_on_commit(document.file)
    document.delete()


@transaction.atomic
def refresh_dossier(*, actor: Actor, case: Case):
    """Ask the task queue to assemble the case's dossier again from the records as they are."""
    case = _prepare(actor, case)
    _audit(actor, case, {}, _("重新汇总考核材料"))
    return enqueue_assembly(actor=actor, round_=case.round, cases=[case.pk])


def enqueue_assembly(*, actor: Actor, round_: Round, cases: list[int] | None = None, key=None):
    payload = {"round": round_.pk} if cases is None else {"round": round_.pk, "cases": cases}
    return enqueue(
        actor=actor,
        kind="assessment.assemble_dossiers",
        payload=payload,
        key=key,
        scope_code=round_.programme.jurisdiction_id,
    )


# Freezing -----------------------------------------------------------------------------------


@transaction.atomic
def submit_case(*, actor: Actor, case: Case, now: dt.datetime | None = None) -> Case:
    """Assemble once more and freeze: within the round's window, by the one who prepares it.
    ``now`` is when it happens (the demo tells a past round)."""
    case = CASE.lock(case)
    require(actor, "assessment.prepare_dossier", case)
    round_ = case.round
    ROUND.check(round_, "prepare")
    CASE.check(case, "submit")
    today = timezone.localdate(now) if now else timezone.localdate()
    now = now or timezone.now()
    if not round_.opens_on <= today <= round_.closes_on:
        raise ValidationError(
            _("只能在 %(opens)s 至 %(closes)s 之间提交")
            % {"opens": round_.opens_on.isoformat(), "closes": round_.closes_on.isoformat()}
        )
    if not case.self_report:
        raise ValidationError({"text": _("请先填写自评报告再提交")})
    dossier = assemble(case)
    return CASE.move(
        actor=actor,
        obj=case,
        action="submit",
        fields={
            "dossier": dossier,
            "assembled_at": now,
            "dossier_hash": digest(dossier, case.self_report, _documents(case)),
            "submitted_at": now,
            "submitted_by": actor.user,
            "submitter_name": display_name(actor),
        },
        note=_("提交考核材料"),
    )


def freeze_unsubmitted(*, actor: Actor, round_: Round, now: dt.datetime | None = None) -> int:
    """Freeze, as assembled now, every case of the round still being prepared: called when
    scoring starts (in its transaction). Returns how many were frozen."""
    require(actor, "programmes.manage_programme", round_.programme)
    frozen = 0
    with transaction.atomic():
        pks = list(
            Case.objects.filter(round=round_, status=Case.Status.PREPARING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(pks), FREEZE_CHUNK):
            frozen += _freeze_chunk(round_, pks[start : start + FREEZE_CHUNK], now)
        if frozen:
            record(
                actor=actor,
                verb=Verb.UPDATE,
                target=round_,
                scope_code=round_.programme.jurisdiction_id,
                changes={"frozen": [None, frozen]},
                note=_("逾期未提交的考核材料由系统汇总并封存"),
            )
    return frozen


def _freeze_chunk(round_: Round, pks: list[int], now: dt.datetime | None) -> int:
    cases = [c for c in CASE.lock_all(Case.objects.filter(pk__in=pks)) if CASE.allows(c, "submit")]
    dossiers = assemble_many(round_, cases)
    documents: dict[int, list] = {case.pk: [] for case in cases}
    for case_id, name, sha in (
        CaseDocument.objects.filter(case__in=cases)
        .order_by("pk")
        .values_list("case_id", "name", "sha256")
    ):
        documents[case_id].append((name, sha))
    now = now or timezone.now()
    for case in cases:
        case.dossier, case.assembled_at = dossiers[case.pk], now
        case.dossier_hash = digest(case.dossier, case.self_report, documents[case.pk])
        case.status = CASE.target("submit")
        case.submitted_at, case.submitted_by, case.submitter_name = now, None, OVERDUE
    Case.objects.bulk_update(
        cases,
        [
            "dossier",
            "assembled_at",
            "dossier_hash",
            "status",
            "submitted_at",
            "submitted_by",
            "submitter_name",
        ],
        batch_size=FREEZE_CHUNK,
    )
    return len(cases)
