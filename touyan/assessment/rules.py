"""Who may do what in assessment rounds. Each section belongs to one audience."""

import rules

from touyan.accounts.roles import Role
from touyan.accounts.scopes import grant_rows, scope_of
from touyan.programmes.access import access_of
from touyan.programmes.rules import manages_programme
from touyan.regions import codes

from . import states
from .models import Assessor, Case, ReviewRequest, Round, Score, Subjects, SurveyInvitation


def _principal(user) -> int | None:
    return access_of(user).principal_id


@rules.predicate
def is_principal(user) -> bool:
    return _principal(user) is not None


@rules.predicate
def invited_to_survey(user, case) -> bool:
    """The member was asked about the case's studio; answered or not, the page says which."""
    principal = _principal(user)
    return (
        principal is not None
        and SurveyInvitation.objects.filter(case=case, principal_id=principal).exists()
    )


# The dossier: the host prepares and submits a studio case; the centre may read it. ----------


@rules.predicate
def hosts_case(user, case) -> bool:
    """The host of the case's studio (a studio case, or a member case of that studio)."""
    principal = access_of(user).principal_id
    return (
        case is not None
        and principal is not None
        and case.studio_id is not None
        and case.studio.host_id == principal
    )


@rules.predicate
def manages_round_of_case(user, case) -> bool:
    """The centre: whoever manages the programme the case's round belongs to (trainee cases
    have no studio, so this asks the round)."""
    return case is not None and access_of(user).manages(case.round.programme)


@rules.predicate
def is_studio_case(user, case) -> bool:
    return case is not None and case.studio_id is not None and case.member_id is None


rules.add_perm("assessment.prepare_dossier", hosts_case & is_studio_case)


# Survey, direct grading, results and outputs ------------------------------------------------


@rules.predicate
def grades_round(user, round_) -> bool:
    """The round's grader: for member rounds a host with members in it, for trainee rounds the
    centre managing the programme."""
    if round_ is None or round_.assessed_by == Assessor.EXPERTS:
        return False
    if round_.assessed_by == Assessor.CENTRE:
        return manages_programme(user, round_)
    principal = _principal(user)
    return principal is not None and round_.cases.filter(studio__host_id=principal).exists()


@rules.predicate
def grades_case(user, case) -> bool:
    round_ = case.round
    if round_.assessed_by == Assessor.CENTRE:
        return manages_programme(user, round_)
    if round_.assessed_by == Assessor.HOST and round_.subjects == Subjects.MEMBERS:
        principal = _principal(user)
        return principal is not None and case.studio.host_id == principal
    return False


@rules.predicate
def graded_directly(user, round_) -> bool:
    return round_ is not None and round_.assessed_by != Assessor.EXPERTS


@rules.predicate
def subject_of_case(user, case) -> bool:
    """The case's own subject: the studio's host, the member or the trainee."""
    principal = _principal(user)
    if principal is None:
        return False
    if case.trainee_id is not None:
        return case.trainee.principal_id == principal
    if case.member_id is not None:
        return case.member.principal_id == principal
    return case.studio.host_id == principal


@rules.predicate
def case_published(user, case) -> bool:
    return case.round.stage == case.round.Stage.PUBLISHED


rules.add_perm("assessment.answer_survey", invited_to_survey)
rules.add_perm("assessment.view_grading", grades_round | (manages_programme & graded_directly))
rules.add_perm("assessment.grade_round", grades_round)
rules.add_perm("assessment.grade_case", grades_case)
rules.add_perm("assessment.publish_directly", manages_programme & graded_directly)
rules.add_perm("assessment.view_surveys", is_principal)
rules.add_perm("assessment.view_own_results", is_principal)
rules.add_perm("assessment.export_round", manages_programme)
rules.add_perm(
    "assessment.download_case_report",
    manages_round_of_case | (case_published & subject_of_case),
)


# Expert scoring, panels, moderation and the centre's round pages ------------------------------


@rules.predicate
def manages_round(user, round_) -> bool:
    return round_ is not None and manages_programme(user, round_.programme)


@rules.predicate
def owns_score(user, score) -> bool:
    return score is not None and score.expert_id == user.pk


@rules.predicate
def score_open(user, score) -> bool:
    """Not yet handed in, the case waiting for its scores and the round under expert scoring."""
    if score is None or score.submitted_at is not None:
        return False
    case = score.case
    return states.ROUND.allows(case.round, "score") and states.CASE.allows(case, "score")


@rules.predicate
def scores_case(user, case) -> bool:
    """An expert assigned to the case, once scoring has started."""
    return (
        case is not None
        and case.round.stage != case.round.Stage.PREPARING
        and case.scores.filter(expert_id=user.pk).exists()
    )


rules.add_perm("assessment.manage_round", manages_round)
rules.add_perm("assessment.manage_case", manages_round_of_case)
rules.add_perm("assessment.score", owns_score)
rules.add_perm("assessment.score_now", owns_score & score_open)

# Reading a case's dossier and its documents: the host, the centre, the case's experts.
rules.add_perm("assessment.view_dossier", hosts_case | manages_round_of_case | scores_case)


# Decisions, publication and review requests (复核) ---------------------------------------------


def programme_of_assessment(obj):
    """The programme of a round, a case, a score or a review request."""
    if isinstance(obj, Score | ReviewRequest):
        obj = obj.case
    if isinstance(obj, Case):
        obj = obj.round
    return obj.programme if isinstance(obj, Round) else None


@rules.predicate
def decides_assessment(user, obj) -> bool:
    """The authority: an authority admin over the programme's jurisdiction who manages the
    programme (the centre proposes grades, the authority decides them); superusers too."""
    programme = programme_of_assessment(obj)
    if programme is None:
        return False
    if scope_of(user).everything:
        return True
    if not access_of(user).manages(programme):
        return False
    return any(
        grant.role == Role.AUTHORITY_ADMIN
        and grant.region_id
        and programme.jurisdiction_id.startswith(codes.scope_prefix(grant.region_id))
        for grant in grant_rows(user)
    )


@rules.predicate
def manages_assessment(user, obj) -> bool:
    programme = programme_of_assessment(obj)
    return programme is not None and manages_programme(user, programme)


def _studio_case(case):
    return case.studio_id is not None and case.member_id is None and case.trainee_id is None


@rules.predicate
def hosts_assessed_studio(user, case) -> bool:
    """The host of the studio a studio case assesses."""
    principal = access_of(user).principal_id
    return (
        case is not None
        and principal is not None
        and _studio_case(case)
        and case.studio.host_id == principal
    )


@rules.predicate
def belongs_to_assessed_studio(user, case) -> bool:
    """A member of the assessed studio, current or released: the result is their studio's."""
    from touyan.programmes.models import StudioMember

    principal = access_of(user).principal_id
    return (
        case is not None
        and principal is not None
        and _studio_case(case)
        and StudioMember.objects.filter(studio_id=case.studio_id, principal_id=principal).exists()
    )


@rules.predicate
def result_published(user, case) -> bool:
    return case is not None and case.round.stage == Round.Stage.PUBLISHED


@rules.predicate
def scores_for_review(user, score) -> bool:
    return score is not None and score.for_review and score.expert_id == user.pk


rules.add_perm("assessment.decide_round", decides_assessment)
rules.add_perm("assessment.decide_review", decides_assessment)
rules.add_perm("assessment.manage_reviews", manages_assessment)
rules.add_perm(
    "assessment.view_result",
    manages_assessment | (result_published & (hosts_assessed_studio | belongs_to_assessed_studio)),
)
rules.add_perm("assessment.request_review", result_published & hosts_assessed_studio)
rules.add_perm("assessment.score_review", scores_for_review)
