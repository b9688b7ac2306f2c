"""The members' survey (调查访谈) as the experts see it: aggregates only, and none below the
policy's minimum number of respondents (never fewer than five), so no answer can be traced to a
member. The host never sees it. Nor is any aggregate shown while members may still answer:
two readings around one answer, whose time the audit trail gives, would be that answer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import Case, Round, SurveyAnswer, SurveyInvitation
from .rubric import rubric_of


@dataclass(frozen=True)
class QuestionSummary:
    code: str
    text: str
    mean: Decimal
    counts: tuple[int, ...]  # how many answered 1, 2, 3, 4, 5


@dataclass(frozen=True)
class Aggregate:
    invited: int
    respondents: int
    minimum: int
    questions: tuple[QuestionSummary, ...]  # empty when respondents < minimum or collecting
    collecting: bool = False  # the round still prepares: answers may still come in

    @property
    def shown(self) -> bool:
        return bool(self.questions)


def aggregate(case: Case) -> Aggregate | None:
    """The survey of a studio case in aggregate, or None when the round has no survey."""
    round_ = case.round
    if not round_.survey:
        return None
    rubric = rubric_of(round_)
    invited = SurveyInvitation.objects.filter(case=case).count()
    answers = list(SurveyAnswer.objects.filter(case=case).values_list("answers", flat=True))
    if round_.stage == Round.Stage.PREPARING:
        return Aggregate(invited, len(answers), rubric.survey_minimum, (), collecting=True)
    if len(answers) < rubric.survey_minimum:
        return Aggregate(invited, len(answers), rubric.survey_minimum, ())
    questions = []
    for question in rubric.survey:
        values = [a[question.code] for a in answers if question.code in a]
        counts = Counter(values)
        mean = Decimal(sum(values)) / len(values) if values else Decimal(0)
        questions.append(
            QuestionSummary(
                question.code,
                question.text,
                mean.quantize(Decimal("0.01"), ROUND_HALF_UP),
                tuple(counts.get(level, 0) for level in range(1, 6)),
            )
        )
    return Aggregate(invited, len(answers), rubric.survey_minimum, tuple(questions))
