"""The first annual assessment of the demo's Hainan studios (HN-5.2–5.4.1), told through the
services: the centre opens the round in June of the cycle's first year; members of four studios
answer the survey; hosts write their self-reports and submit (two miss the deadline and are
frozen as assembled); five experts score; one case is moderated; the bureau decides and
publishes at the end of July. 澄迈中学's studio is 优秀 and commended; 万宁中学's asks for a
review and is raised to 良好; 乐东中学's is 不合格, asks for a review, is refused and revoked,
its members released. What each studio got is in ``data/assessment_hainan.toml``.
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from dataclasses import dataclass
from importlib import resources

from touyan.accounts.models import User
from touyan.accounts.services import create_user
from touyan.assessment.models import Case, Score
from touyan.assessment.rubric import rubric_of
from touyan.assessment.services import decisions, dossiers, moderation, panel, reviews, scoring
from touyan.assessment.services.direct import grade_case, publish_direct_round
from touyan.assessment.services.rounds import open_round, periods_for
from touyan.assessment.services.stages import close_scoring, start_scoring
from touyan.assessment.services.survey import answer_survey
from touyan.core.actors import Actor
from touyan.people.services import link_account
from touyan.programmes.models import Programme

from .assessment_dates import first_annual_round
from .programmes_hainan import programme_slug
from .selection_kit import Timeline, at
from .selection_story import workdays_between

EXPERTS = ("expert", "hn-expert-1", "hn-expert-2", "hn-expert-3", "hn-expert-4")
LATE = ("五指山中学", "儋州市第二中学")  # hosts who miss the deadline: frozen as assembled
MEMBER_GRADES = (("excellent", 3), ("good", 6), ("pass", 1))  # a host's usual spread
MEMBER_COMMENTS = {
    "excellent": "全程参加研修，学校改进方案扎实，带头开展送培下乡。",
    "good": "按时参加研修活动，完成个人成长规划和学校发展规划。",
    "pass": "参加活动基本正常，学校改进方案有待完善。",
}
COMMENTS = (
    "研修活动按计划开展，资料较为完整；成果提炼还需加强。",
    "入校诊断扎实，成员参与度较高；课题研究有待深化。",
    "送培下乡等辐射活动落实较好，建议加强成果的总结推广。",
    "年度主题明确，活动记录规范；个别成员参与不够稳定。",
)


@dataclass
class AssessmentWritten:
    created: bool = True
    cases: int = 0
    scores: int = 0
    answers: int = 0
    reviews: int = 0


def story() -> dict:
    text = resources.files("touyan.demo").joinpath("data/assessment_hainan.toml").read_text("utf-8")
    return tomllib.loads(text)


def build_hainan_assessment(
    *, actor: Actor, rng: random.Random, today: dt.date
) -> AssessmentWritten:
    programme = Programme.objects.filter(slug=programme_slug(today)).first()
    if programme is None or programme.assessment_rounds.exists():
        return AssessmentWritten(created=False)
    return _Story(actor, rng, programme).tell()


class _Story:
    def __init__(self, actor: Actor, rng: random.Random, programme: Programme):
        self.actor, self.rng, self.programme = actor, rng, programme
        self.data = story()
        self.dates = first_annual_round(programme.starts_on)
        self.centre = Actor.command_line(User.objects.get(username="hn-centre"))
        self.bureau = Actor.command_line(User.objects.get(username="hn-admin"))
        self.experts = [User.objects.get(username=name) for name in EXPERTS]
        self.by_school = {entry["school"]: entry for entry in self.data["studios"]}
        self.timeline = Timeline()
        self.written = AssessmentWritten()

    def tell(self) -> AssessmentWritten:
        d = self.dates
        round_ = open_round(
            actor=self.centre,
            programme=self.programme,
            code="annual",
            period="year-1",
            opens_on=d.opens_on,
            closes_on=d.closes_on,
        )
        self.timeline.settle(at(d.opens_on - dt.timedelta(days=3), 10))
        cases = list(round_.cases.select_related("studio__host__school", "studio__base_school"))
        self.written.cases = len(cases)
        for case in cases:
            self.survey(case)
        for case in cases:
            self.prepare(case)
        self.score(round_)
        self.decide(round_)
        self.review(round_)
        self.members_graded()
        return self.written

    # Before the deadline ---------------------------------------------------------------------

    def school(self, case: Case) -> str:
        return case.studio.base_school.name

    def survey(self, case: Case) -> None:
        """Members of the studios the story names answer, most of them, on days in the window;
        the better the studio did, the better they speak of it."""
        entry = self.by_school.get(self.school(case))
        if entry is None:
            return
        rubric = rubric_of(case.round)
        mean = sum(sum(points) for points in entry["points"]) / (3 * len(entry["points"]))
        centre = 1 + 4 * (mean - 30) / 70
        days = workdays_between(self.dates.opens_on, self.dates.closes_on)
        for invitation in case.invitations.select_related("principal").order_by("pk"):
            if self.rng.random() > 0.85:
                continue
            principal = invitation.principal
            member = Actor.command_line(self.account(principal))
            answers = {
                question.code: max(1, min(5, round(self.rng.gauss(centre, 0.7))))
                for question in rubric.survey
            }
            answer_survey(actor=member, case=case, answers=answers, today=self.rng.choice(days))
            self.written.answers += 1

    def account(self, principal) -> User:
        """The principal's own sign-in (a member answers the survey, a host submits): made for
        those the demo did not give one, with no password, as the centre would."""
        if principal.user_id is None:
            user = create_user(
                actor=self.actor,
                username=f"hn-principal-{principal.pk}",
                password=None,
                full_name=principal.name,
            )
            link_account(actor=self.actor, principal=principal, user=user)
            principal.refresh_from_db()
        return principal.user

    def prepare(self, case: Case) -> None:
        """The host writes the self-report and submits, on a day in the window; two hosts
        leave it too late."""
        person = Actor.command_line(self.account(case.studio.host))
        days = workdays_between(self.dates.opens_on, self.dates.closes_on)
        day = self.rng.choice(days[len(days) // 2 :])
        theme = self.programme.themes.get(year=1).title
        text = self.rng.choice(self.data["self_reports"]["texts"])
        dossiers.save_self_report(
            actor=person,
            case=case,
            text=text.format(studio=case.studio.name, theme=theme),
            today=day,
        )
        if self.school(case) not in LATE:
            dossiers.submit_case(actor=person, case=case, now=at(day, self.rng.randint(9, 21)))
        self.timeline.settle(at(day, 9), at(day, 21))

    # Scoring ---------------------------------------------------------------------------------

    def score(self, round_) -> None:
        d = self.dates
        for expert in self.experts:
            panel.add_expert(actor=self.centre, round_=round_, expert=expert)
        panel.assign_automatically(actor=self.centre, round_=round_)
        start_scoring(actor=self.centre, round_=round_, now=at(d.scoring_starts, 9))
        self.timeline.settle(at(d.closes_on, 18), at(d.scoring_starts, 9))
        rubric = rubric_of(round_)
        codes = [criterion.code for criterion in rubric.rubric]
        days = workdays_between(d.scoring_starts, d.scoring_ends)
        scores = (
            Score.objects.filter(case__round=round_, for_review=False)
            .select_related("case__studio__base_school", "expert")
            .order_by("case_id", "pk")
        )
        seen: dict[int, int] = {}
        for score in scores:
            nth = seen[score.case_id] = seen.get(score.case_id, -1) + 1
            entry = self.by_school.get(self.school(score.case))
            if entry is not None:
                points = entry["points"][nth]
                comment = entry["remark"]
            else:
                usual = self.data["usual"]
                points = [self.rng.randint(usual["low"], usual["high"]) for _ in codes]
                comment = self.rng.choice(COMMENTS)
            day = self.rng.choice(days)
            scoring.submit_score(
                actor=Actor.command_line(score.expert),
                score=score,
                points=dict(zip(codes, points, strict=True)),
                comment=comment,
                now=at(day, self.rng.randint(19, 22), self.rng.randint(0, 59)),
            )
            self.written.scores += 1
        for case in round_.cases.filter(needs_moderation=True).select_related(
            "studio__base_school"
        ):
            agreed = self.by_school.get(self.school(case), {}).get("moderation", {})
            moderation.moderate(
                actor=self.centre,
                case=case,
                note=agreed.get("note", "经合议，维持按评分得出的建议等次。"),
                grade=agreed.get("grade", ""),
            )
        close_scoring(actor=self.centre, round_=round_)
        self.timeline.settle(at(d.scoring_ends, 10), at(d.scoring_ends, 16))

    # Decision, publication and reviews -------------------------------------------------------

    def decide(self, round_) -> None:
        d = self.dates
        moment = at(d.published_on, 10)
        decisions.accept_proposals(
            actor=self.bureau,
            round_=round_,
            reason="经专家评审、培训中心合议，按建议等次审定。",
            now=moment - dt.timedelta(hours=1),
        )
        decisions.publish_round(actor=self.bureau, round_=round_, now=moment)
        self.timeline.settle(moment - dt.timedelta(hours=1), moment)

    def review(self, round_) -> None:
        d = self.dates
        rubric = rubric_of(round_)
        codes = [criterion.code for criterion in rubric.rubric]
        for case in round_.cases.select_related("studio__host", "studio__base_school"):
            asked = self.by_school.get(self.school(case), {}).get("review")
            if asked is None:
                continue
            person = Actor.command_line(self.account(case.studio.host))
            review = reviews.request_review(
                actor=person, case=case, reason=asked["reason"], now=at(d.reviews_requested_on, 15)
            )
            first = set(case.scores.values_list("expert_id", flat=True))
            others = [expert for expert in self.experts if expert.pk not in first]
            for expert, points in zip(others, asked["points"], strict=False):
                score = reviews.assign_reviewer(actor=self.centre, review=review, expert=expert)
                reviews.submit_review_score(
                    actor=Actor.command_line(expert),
                    score=score,
                    points=dict(zip(codes, points, strict=True)),
                    comment=asked["decision"],
                    now=at(d.reviews_decided_on - dt.timedelta(days=3), 20),
                )
            reviews.decide_review(
                actor=self.bureau,
                review=review,
                upheld=asked["upheld"],
                decision=asked["decision"],
                grade=asked.get("grade", ""),
                now=at(d.reviews_decided_on, 11),
            )
            self.written.reviews += 1
        self.timeline.settle(at(d.reviews_requested_on, 15), at(d.reviews_decided_on, 11))

    # Members graded by their hosts (HN-4.2.4) ------------------------------------------------

    def members_graded(self) -> None:
        """The first semester's 平时考核: the centre opens it as the semester ends, each host
        grades the members, the centre publishes."""
        semester = periods_for(self.programme, "member_regular")[0]
        round_ = open_round(
            actor=self.centre,
            programme=self.programme,
            code="member_regular",
            period=semester.key,
            opens_on=semester.end - dt.timedelta(days=14),
            closes_on=semester.end + dt.timedelta(days=14),
        )
        grades = [grade for grade, weight in MEMBER_GRADES for _ in range(weight)]
        cases = round_.cases.select_related("studio__host").order_by("studio_id", "pk")
        for case in cases:
            grade = self.rng.choice(grades)
            grade_case(
                actor=Actor.command_line(self.account(case.studio.host)),
                case=case,
                grade=grade,
                comment=MEMBER_COMMENTS[grade],
            )
        publish_direct_round(actor=self.centre, round_=round_)
        self.timeline.settle(at(semester.end - dt.timedelta(days=7), 9), at(semester.end, 17))
