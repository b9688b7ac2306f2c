"""Who may do what in the training domain. Mentors act on the trainees of their teams, the
research institute on the research of its programmes, the trainee on their own records, the
centre (whoever manages the programme) on everything of its programmes."""

import rules

from touyan.programmes.access import access_of
from touyan.programmes.models import Trainee
from touyan.programmes.rules import manages_programme, programme_of
from touyan.records.models import ResearchProject
from touyan.regions.codes import scope_prefix

from .access import mentored_trainee_ids, research_programme_ids
from .subjects import trainee_of


@rules.predicate
def mentors_trainee(user, target) -> bool:
    trainee = trainee_of(target)
    return trainee is not None and trainee.pk in mentored_trainee_ids(user)


@rules.predicate
def is_the_trainee(user, target) -> bool:
    trainee = trainee_of(target)
    principal = access_of(user).principal_id
    return trainee is not None and principal is not None and trainee.principal_id == principal


@rules.predicate
def guides_research(user, target) -> bool:
    """The research institute, on research projects only."""
    if not isinstance(target, ResearchProject):
        return False
    trainee = trainee_of(target)
    programme = programme_of(trainee)
    return programme is not None and programme.pk in research_programme_ids(user)


@rules.predicate
def manages_trainee(user, target) -> bool:
    """The centre: whoever manages the programme of the trainee the record is about."""
    trainee = trainee_of(target)
    return trainee is not None and manages_programme(user, trainee)


@rules.predicate
def is_mentor(user) -> bool:
    return bool(mentored_trainee_ids(user))


# Comments: the trainee answers in the threads on their own records.
rules.add_perm(
    "training.comment", mentors_trainee | manages_trainee | is_the_trainee | guides_research
)
rules.add_perm("training.view_trainee", mentors_trainee | manages_trainee | is_the_trainee)
rules.add_perm("training.mentor_workspace", is_mentor)


# Leave and roll call (HZ-3.4.1.1): the trainee asks and withdraws; the centre decides; a
# trainee of a cohort in training signs in with a session code (the code decides the session).
@rules.predicate
def is_active_trainee(user) -> bool:
    principal = access_of(user).principal_id
    if principal is None:
        return False
    return Trainee.objects.filter(principal_id=principal, status=Trainee.Status.ACTIVE).exists()


rules.add_perm("training.ask_leave", is_the_trainee)
rules.add_perm("training.decide_leave", manages_trainee)
rules.add_perm("training.view_leave", is_the_trainee | manages_trainee)
rules.add_perm("training.sign_in", is_active_trainee)


# Completion, transcripts and the credit file (HZ-3.4.3, HZ-4.2.4) --------------------------


@rules.predicate
def leads_trainee_team(user, target) -> bool:
    """The lead mentor of a team the trainee is on."""
    from .models import Mentor

    trainee = trainee_of(target)
    if trainee is None or trainee.pk not in mentored_trainee_ids(user):
        return False
    return Mentor.objects.filter(user=user, lead=True, team__trainees=trainee).exists()


@rules.predicate
def follows_trainee(user, target) -> bool:
    """The district officer of the trainee's school's district."""
    trainee = trainee_of(target)
    if trainee is None:
        return False
    region = trainee.principal.school.region_id if trainee.principal.school_id else ""
    return any(region.startswith(code) for code in access_of(user).district_codes)


rules.add_perm("training.write_opinion", leads_trainee_team)
rules.add_perm("training.judge_milestones", manages_trainee | mentors_trainee)
rules.add_perm("training.decide_completion", manages_programme)
rules.add_perm("training.export_credits", manages_programme)
rules.add_perm(
    "training.view_transcript",
    manages_trainee | is_the_trainee | mentors_trainee | follows_trainee,
)
# Research (HZ-3.3.2, HZ-4.2.1) and the trainee's studio (HZ-3.3.3) -------------------------


@rules.predicate
def guides_programme_research(user, programme) -> bool:
    """The research institute on a programme it was granted."""
    programme = programme_of(programme)
    return programme is not None and programme.pk in research_programme_ids(user)


@rules.predicate
def guides_trainee_research(user, target) -> bool:
    """The research institute, on a trainee of a programme it was granted."""
    trainee = trainee_of(target)
    return trainee is not None and guides_programme_research(user, trainee.cohort)


@rules.predicate
def sees_trainee(user, target) -> bool:
    """Whoever the programme's selector shows the trainee to (the centre, the district of the
    trainee's school, the mentors and the institute on the programme, the trainee)."""
    from touyan.programmes.selectors import trainees_visible_to

    trainee = trainee_of(target)
    if trainee is None:
        return False
    return trainees_visible_to(user, trainee.cohort.programme).filter(pk=trainee.pk).exists()


@rules.predicate
def guides_some_research(user) -> bool:
    return bool(research_programme_ids(user))


# A trainee's research project and its thread: whoever comments on it, and the trainee's mentors.
rules.add_perm("training.view_project", guides_research | sees_trainee)
# A trainee's research page: who sees the trainee, and the institute.
rules.add_perm("training.view_research", guides_trainee_research | sees_trainee)
# The programme's research by stage: the centre and the institute.
rules.add_perm("training.research_list", manages_programme | guides_programme_research)
rules.add_perm("training.research_menu", guides_some_research)
# Granting the institute's role on a programme: the centre.
rules.add_perm("training.grant_institute", manages_programme)
# The trainee's studio page: who sees the trainee; the overview of a cohort's studios: the centre.
rules.add_perm("training.view_studio", sees_trainee)
rules.add_perm("training.cohort_studios", manages_programme)


# Mentor teams, mentoring sessions and development plans (HZ-3.3.4, HZ-3.3.3) ---------------


@rules.predicate
def mentors_on_team(user, team) -> bool:
    """A mentor of this very team (a session is recorded for the team's trainees)."""
    if team is None or not getattr(user, "is_authenticated", False):
        return False
    return any(mentor.user_id == user.pk for mentor in team.mentors.all())


@rules.predicate
def may_see_plan(user, plan) -> bool:
    return plan is not None and (
        mentors_trainee(user, plan) or manages_trainee(user, plan) or is_the_trainee(user, plan)
    )


# The centre forms, changes and dissolves teams (on a cohort, a team or the programme).
rules.add_perm("training.manage_teams", manages_programme)
# A session: the team's own mentors or the centre.
rules.add_perm("training.record_session", mentors_on_team | manages_programme)
# The plan: the trainee writes and submits it; the centre approves or returns it; the trainee
# and their mentors note progress per milestone; all of them and the centre read it.
rules.add_perm("training.view_plan", may_see_plan)
rules.add_perm("training.write_plan", is_the_trainee)
rules.add_perm("training.decide_plan", manages_trainee)
rules.add_perm("training.note_progress", is_the_trainee | mentors_trainee)


# Removal cases (HZ-3.4.1) and replacements -------------------------------------------------


def _case_trainee(target):
    return getattr(target, "trainee", None) if not isinstance(target, Trainee) else target


@rules.predicate
def manages_case(user, case) -> bool:
    trainee = _case_trainee(case)
    return trainee is not None and manages_programme(user, trainee)


@rules.predicate
def is_the_case_trainee(user, case) -> bool:
    trainee = _case_trainee(case)
    principal = access_of(user).principal_id
    return trainee is not None and principal is not None and trainee.principal_id == principal


@rules.predicate
def district_of_case(user, case) -> bool:
    """District officers of the district the trainee's school lies in."""
    trainee = _case_trainee(case)
    if trainee is None:
        return False
    region = trainee.principal.school.region_id
    return any(region.startswith(scope_prefix(code)) for code in access_of(user).district_codes)


rules.add_perm("training.open_removal", manages_case)
rules.add_perm("training.decide_removal", manages_case)
rules.add_perm("training.answer_removal", is_the_case_trainee)
rules.add_perm("training.view_removal", manages_case | is_the_case_trainee | district_of_case)
rules.add_perm("training.manage_removals", manages_programme)
