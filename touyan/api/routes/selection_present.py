"""Selection objects as the plain data the selection schemas describe.

Never in an answer: ID numbers, mobile numbers, birth dates. For an expert on an anonymised
call, nothing that names the applicant, their school or their district either."""

from __future__ import annotations

from django.utils.translation import gettext as _

from touyan.policies.names import shown
from touyan.selection.eligibility import condition_text, outcome_label
from touyan.selection.models import Application, Call, DistrictBatch, Review
from touyan.selection.policy import call_spec

from .. import present
from .selection_access import standing

# What of the frozen registry profile is shown; the birth date never is.
PROFILE = ("name", "gender", "school", "school_kind", "region", "position", "title", "appointed_on")
IDENTIFYING = frozenset({"name", "school", "region"})


def choice(code: str, label) -> dict:
    return {"code": code, "label": str(label)}


def call_ref(call: Call) -> dict:
    return {"id": call.pk, "title": call.title}


def call_out(call: Call) -> dict:
    return {
        "id": call.pk,
        "programme": {"slug": call.programme.slug, "name": call.programme.name},
        "kind": call.spec_code,
        "kind_name": call.spec.get("name", ""),
        "purpose": call.purpose,
        "title": call.title,
        "stage": choice(call.stage, Call.Stage(call.stage).label),
        "places": call.places,
        "opens_at": call.opens_at,
        "closes_at": call.closes_at,
        "district_deadline": call.district_deadline,
        "published_at": call.published_at,
        "accepting": call.accepts_applications(),
        "district_review": call.district_review,
        "anonymised": call.anonymised,
    }


def call_detail(call: Call) -> dict:
    spec = call_spec(call)
    return {
        **call_out(call),
        "description": call.description,
        "cohort": {"id": call.cohort.pk, "name": call.cohort.name} if call.cohort else None,
        "competitive": spec.competitive,
        "experts_per_application": spec.experts_per_application,
        "notice_working_days": spec.notice_working_days,
        "conditions": [
            {"code": c.code, "kind": c.kind, "text": shown(c, "text"), "clause": c.clause}
            for c in spec.conditions
        ],
        "attachments": [
            {"code": a.code, "name": shown(a), "required": a.required} for a in spec.attachments
        ],
        "rubric": rubric_of(spec),
        "full_marks": spec.full_marks,
    }


def rubric_of(spec) -> list[dict]:
    return [
        {
            "code": c.code,
            "name": shown(c),
            "points": c.points,
            "guidance": shown(c, "guidance"),
        }
        for c in spec.rubric
    ]


def status_of(application: Application) -> dict:
    return choice(application.status, Application.Status(application.status).label)


def outcome_of(application: Application) -> dict | None:
    if not application.outcome:
        return None
    return choice(application.outcome, Application.Outcome(application.outcome).label)


def applicant(application: Application) -> dict:
    return present.person(application.principal)


def stamp(application: Application) -> dict | None:
    if application.reviewed_at is None:
        return None
    return {
        "office": application.review_office,
        "reviewer_name": application.reviewer_name,
        "reviewed_at": application.reviewed_at,
        "note": application.review_note,
    }


def application_out(application: Application) -> dict:
    return {
        "id": application.pk,
        "number": application.number,
        "call": call_ref(application.call),
        "status": status_of(application),
        "submitted_at": application.submitted_at,
        "updated_at": application.updated_at,
    }


def application_detail(user, application: Application) -> dict:
    viewed_as = standing(user, application)
    hidden = viewed_as == "expert" and application.call.anonymised
    spec = call_spec(application.call)
    profile = {
        name: application.profile.get(name)
        for name in PROFILE
        if not (hidden and name in IDENTIFYING)
    }
    return {
        **application_out(application),
        "viewed_as": viewed_as,
        "applicant": None if hidden else applicant(application),
        "district": None if hidden else present.region(application.district),
        "route": choice(application.route, Application.Route(application.route).label),
        "recommending_unit": "" if hidden else application.recommending_unit,
        "profile": profile,
        "statements": application.statements,
        "corrections": None if viewed_as == "expert" else application.corrections,
        "eligibility": _findings(application, spec, hidden),
        "outcome": outcome_of(application),
        "evidence": _evidence(application, spec, hidden),
        "first_review": None if hidden else stamp(application),
        "district_rank": application.district_rank,
        "my_review": Review.objects.filter(application=application, expert=user)
        .values_list("pk", flat=True)
        .first(),
        "office": _office_view(application) if viewed_as == "office" else None,
    }


def _findings(application: Application, spec, hidden: bool) -> list[dict]:
    kinds = {c.code: c.kind for c in spec.conditions}
    findings = []
    for finding in application.eligibility:
        label = str(outcome_label(finding["outcome"]))
        # The post finding names the school ("…中学校长").
        reason = label if hidden and kinds.get(finding["code"]) == "post" else finding["reason"]
        text = condition_text(spec, finding)
        findings.append({**finding, "text": text, "outcome_label": label, "reason": reason})
    return findings


def _evidence(application: Application, spec, hidden: bool) -> list[dict]:
    names = {a.code: shown(a) for a in spec.attachments}
    return [
        {
            "id": item.pk,
            "requirement": item.requirement,
            "requirement_name": names.get(item.requirement, _("其他材料")),
            "name": "" if hidden else item.original_name,
            "content_type": item.content_type,
            "size": item.size,
            "uploaded_at": item.uploaded_at,
        }
        for item in application.evidence.all()
    ]


def _office_view(application: Application) -> dict:
    reviews = application.reviews.select_related("expert").order_by("pk")
    decided_by = application.decided_by
    return {
        "score": float(application.score) if application.score is not None else None,
        "scored_reviews": application.scored_reviews,
        "reviews": [
            {
                "id": review.pk,
                "expert": str(review.expert),
                "manual": review.manual,
                "assigned_at": review.assigned_at,
                "submitted_at": review.submitted_at,
                "scores": review.scores,
                "total": float(review.total) if review.total is not None else None,
                "comment": review.comment,
                "recommend": review.recommend,
            }
            for review in reviews
        ],
        "decision": None
        if application.decided_at is None
        else {
            "decided_at": application.decided_at,
            "decided_by": str(decided_by) if decided_by else "",
            "reason": application.decision_reason,
        },
    }


def district_row(application: Application) -> dict:
    return {
        "id": application.pk,
        "number": application.number,
        "applicant": applicant(application),
        "status": status_of(application),
        "outcome": outcome_of(application),
        "corrections": sorted(application.corrections),
        "submitted_at": application.submitted_at,
        "district_rank": application.district_rank,
        "first_review": stamp(application),
    }


def batch_out(batch: DistrictBatch) -> dict:
    return {
        "district": present.region(batch.district),
        "status": choice(batch.status, DistrictBatch.Status(batch.status).label),
        "submitted_at": batch.submitted_at,
        "submitter_name": batch.submitter_name,
        "office": batch.office,
        "candidates": batch.candidates,
    }


def batch_row(row: dict) -> dict:
    batch = row["batch"]
    return {
        "district": {"code": row["code"], "name": row["name"]},
        **{key: row[key] for key in ("pending", "returned", "rejected", "endorsed", "total")},
        "submitted": row["submitted"],
        "submitted_at": batch.submitted_at if batch else None,
        "submitter_name": batch.submitter_name if batch else "",
        "office": batch.office if batch else "",
        "candidates": batch.candidates if batch else 0,
    }


def ranking_row(position: int, application: Application) -> dict:
    return {
        "position": position,
        "id": application.pk,
        "number": application.number,
        "applicant": applicant(application),
        "district": present.region(application.district),
        "district_rank": application.district_rank,
        "score": float(application.score) if application.score is not None else None,
        "scored_reviews": application.scored_reviews,
        "outcome": outcome_of(application),
        "status": status_of(application),
        "decision_reason": application.decision_reason,
    }


def review_row(review: Review) -> dict:
    application = review.application
    return {
        "id": review.pk,
        "call": call_ref(application.call),
        "application": application.pk,
        "number": application.number,
        "applicant_name": None if application.call.anonymised else application.principal.name,
        "assigned_at": review.assigned_at,
        "submitted_at": review.submitted_at,
        "total": float(review.total) if review.total is not None else None,
    }


def review_detail(user, review: Review) -> dict:
    call = review.application.call
    spec = call_spec(call)
    return {
        **review_row(review),
        "rubric": rubric_of(spec),
        "full_marks": spec.full_marks,
        "scores": review.scores,
        "comment": review.comment,
        "recommend": review.recommend,
        "open": review.submitted_at is None and call.stage == Call.Stage.REVIEW,
        "subject": application_detail(user, review.application),
    }
