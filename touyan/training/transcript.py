"""A trainee's transcript (培训档案, HZ-4.2.4.1): a printable, verifiable record of participation —
hours by topic, attendance, deliverables, research, talks, the evaluation (the completion result
and reason, the plan's milestones), a removal if any, and the certificate.

The evidence is the one frozen in the trainee's ``Completion`` once the centre decided, and the
evidence as of now before that (``evidence.py``). The PDF carries a verification address: the
certificate's verification page when a certificate exists (``certificates_of``, the hook for
``touyan.certificates``), otherwise the transcript's own public page
``/training/transcripts/verify/<code>/``, whose code is derived from the trainee with the
site's secret (no table holds it; a new ``SECRET_KEY`` gives new codes).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urljoin

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from touyan.core.documents.listing import Column, Listing, Section, render_listing
from touyan.programmes.models import Trainee

from .evidence import evidence_of

SALT = "touyan.training.transcript"


# the certificates hook ------------------------------------------------------------------------


def certificates_of(trainee_ids: Sequence[int]) -> dict[int, dict]:
    """Trainee pk → their certificate (``number``, ``url`` of its public verification page,
    ``revoked``), read from ``touyan.certificates`` when that app is installed; {} otherwise.
    The one place the training domain asks about certificates."""
    if not trainee_ids or not apps.is_installed("touyan.certificates"):
        return {}
    try:
        model = apps.get_model("certificates", "Certificate")
    except LookupError:
        return {}
    fields = {f.name for f in model._meta.get_fields()}
    if "trainee" not in fields:
        return {}
    found = {}
    for certificate in model.objects.filter(trainee_id__in=list(trainee_ids)):
        number = str(getattr(certificate, "number", "") or "")
        url = ""
        if hasattr(certificate, "get_absolute_url"):
            url = certificate.get_absolute_url()
        else:
            try:
                # The public page is found by the certificate's token (the number is looked
                # up through the lookup form, never put in the path).
                token = str(getattr(certificate, "token", "") or number)
                url = reverse("certificates:verify", args=[token])
            except NoReverseMatch:
                url = ""
        revoked = bool(
            getattr(certificate, "revoked_at", None) or getattr(certificate, "revoked", False)
        )
        found[certificate.trainee_id] = {"number": number, "url": url, "revoked": revoked}
    return found


def certificate_of(trainee: Trainee) -> dict | None:
    return certificates_of([trainee.pk]).get(trainee.pk)


# verification ----------------------------------------------------------------------------------


def verification_code(trainee: Trainee) -> str:
    digest = salted_hmac(SALT, str(trainee.pk), algorithm="sha256").hexdigest()[:16]
    return f"{trainee.pk}-{digest}"


def trainee_for_code(code: str) -> Trainee | None:
    pk, _dash, _digest = (code or "").partition("-")
    if not pk.isdigit():
        return None
    trainee = (
        Trainee.objects.filter(pk=int(pk))
        .select_related("cohort__programme", "principal__school")
        .first()
    )
    if trainee is None or not constant_time_compare(code, verification_code(trainee)):
        return None
    return trainee


def verification_path(trainee: Trainee, certificate: dict | None = None) -> str:
    if certificate and certificate.get("url"):
        return certificate["url"]
    return reverse("training:transcript_verify", args=[verification_code(trainee)])


def verification_url(trainee: Trainee, certificate: dict | None = None) -> str:
    return urljoin(settings.TOUYAN_SITE_URL, verification_path(trainee, certificate))


# the record ------------------------------------------------------------------------------------


def transcript_of(trainee: Trainee) -> dict:
    """Everything the transcript page and PDF show."""
    completion = getattr(trainee, "completion", None)
    evidence = completion.evidence if completion is not None else evidence_of(trainee)
    certificate = certificate_of(trainee)
    return {
        "trainee": trainee,
        "evidence": evidence,
        "completion": completion,
        "certificate": certificate,
        "verification_url": verification_url(trainee, certificate),
        "hours_total": (evidence.get("hours") or {}).get("done", "0.0"),
    }


def public_summary(trainee: Trainee) -> dict:
    """What the public verification page shows: never an ID number."""
    completion = getattr(trainee, "completion", None)
    if completion is not None:
        hours = (completion.evidence.get("hours") or {}).get("done", "0.0")
    else:
        hours = (evidence_of(trainee).get("hours") or {}).get("done", "0.0")
    return {
        "name": trainee.principal.name,
        "programme": trainee.cohort.programme.name,
        "cohort": trainee.cohort.name,
        "status": trainee.get_status_display(),
        "hours_total": hours,
        "completed_on": completion.decided_at.date()
        if completion is not None and completion.result == completion.Result.PASS
        else None,
    }


def transcript_pdf(trainee: Trainee) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return render_listing(_listing(transcript_of(trainee)))


def _listing(data: dict) -> Listing:
    trainee: Trainee = data["trainee"]
    evidence = data["evidence"]
    completion = data["completion"]
    certificate = data["certificate"]
    school = trainee.principal.school
    hours = evidence.get("hours") or {}
    attendance = evidence.get("attendance") or {}
    sections = [
        Section(
            _("培训学时（合计 %(done)s / %(required)s 学时）")
            % {"done": hours.get("done", "0.0"), "required": hours.get("required") or "—"},
            [
                (t["name"], _("%(done)s / %(required)s 学时") % t, "")
                for t in hours.get("topics", [])
            ],
            empty=_("无"),
        ),
        Section(
            _("出勤"),
            [
                (
                    _("出勤 %(present)s 次，请假 %(leave)s 次，缺勤 %(absent)s 次")
                    % {
                        "present": attendance.get("present", 0),
                        "leave": attendance.get("leave", 0),
                        "absent": attendance.get("absent", 0),
                    },
                    _("应出勤 %(n)s 次") % {"n": attendance.get("scheduled", 0)},
                    _("出勤率 %(rate)s%%") % {"rate": attendance.get("rate") or 0},
                )
            ],
        ),
        Section(
            _("学习成果"),
            [
                (d["kind_name"], _("%(title)s（%(chars)s 字）") % d, d["date"])
                for d in evidence.get("deliverables", [])
            ],
            empty=_("无"),
        ),
        Section(
            _("课题研究"),
            [
                (
                    p["title"],
                    "；".join(
                        [p["level_name"]]
                        + [f"{o['kind_name']}：{o['title']}" for o in p.get("outcomes", [])]
                    ),
                    p["approved_on"],
                )
                for p in evidence.get("research", [])
            ],
            empty=_("无"),
        ),
        Section(
            _("讲座与交流"),
            [
                (t["title"], t["level_name"] or t["type_name"], t["date"])
                for t in evidence.get("talks", [])
            ],
            empty=_("无"),
        ),
    ]
    studio = evidence.get("studio")
    sections.append(
        Section(
            _("名校长工作室"),
            [
                (
                    studio["name"],
                    _("成员 %(members)s 人，活动 %(activities)s 次") % studio,
                    "",
                )
            ]
            if studio
            else [],
            empty=_("无"),
        )
    )
    plan = evidence.get("plan") or {}
    sections.append(
        Section(
            _("个人发展规划评价"),
            [
                (m["title"], m["level_name"] or _("未评价"), m["due_on"])
                for m in plan.get("milestones", [])
            ],
            empty=_("无已批准的规划"),
        )
    )
    evaluation = []
    opinion = evidence.get("mentor_opinion")
    if opinion:
        evaluation.append((_("导师团队意见"), opinion["text"], opinion["date"]))
    if completion is not None:
        evaluation.append(
            (
                _("结业审核结论"),
                f"{completion.get_result_display()}：{completion.reason}",
                completion.decided_at.date().isoformat(),
            )
        )
    removal = evidence.get("removal")
    if removal and removal.get("decision") == "remove":
        evaluation.append(
            (_("淘汰"), f"{removal['ground_name']}：{removal['reason']}", removal["date"])
        )
    if certificate:
        evaluation.append(
            (
                _("结业证书"),
                certificate["number"] + (_("（已撤销）") if certificate["revoked"] else ""),
                "",
            )
        )
    sections.append(Section(_("评价与结业"), evaluation, empty=_("尚未作出结业结论")))
    return Listing(
        title=_("培训档案"),
        columns=[Column(_("项目"), 3), Column(_("情况"), 5), Column(_("日期"), 1.6, centred=True)],
        sections=sections,
        lines=[
            _("姓名：%(name)s　单位：%(school)s")
            % {"name": trainee.principal.name, "school": school.name if school else ""},
            _("项目：%(programme)s　班级：%(cohort)s　状态：%(status)s")
            % {
                "programme": trainee.cohort.programme.name,
                "cohort": trainee.cohort.name,
                "status": trainee.get_status_display(),
            },
            _("验证：%(url)s") % {"url": data["verification_url"]},
        ],
        footer=_("生成时间：%(at)s") % {"at": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
    )
