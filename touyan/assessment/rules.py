"""Who may do what in assessment rounds. Each section belongs to one audience."""

import rules

from touyan.programmes.rules import manages_programme

from . import states

# Expert scoring, panels, moderation and the centre's round pages ------------------------------


@rules.predicate
def manages_round(user, round_) -> bool:
    return round_ is not None and manages_programme(user, round_.programme)


@rules.predicate
def manages_case(user, case) -> bool:
    return case is not None and manages_round(user, case.round)


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


rules.add_perm("assessment.manage_round", manages_round)
rules.add_perm("assessment.manage_case", manages_case)
rules.add_perm("assessment.score", owns_score)
rules.add_perm("assessment.score_now", owns_score & score_open)
