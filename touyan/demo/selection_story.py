"""The steps of one demo call, each taken through the services by the person who would take
it, and each moved on the ``Timeline`` to the day it happened."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from touyan.accounts.models import User
from touyan.core.actors import Actor, Source
from touyan.core.personal_data import masked
from touyan.holidays.workdays import WorkingCalendar
from touyan.people.models import Principal
from touyan.programmes.models import Programme
from touyan.regions.models import Region
from touyan.selection.models import Application, Call, Conflict, Evidence, Notice, Review
from touyan.selection.policy import call_spec
from touyan.selection.selectors import ranking
from touyan.selection.services import (
    applications,
    calls,
    decisions,
    district,
    exports,
    reviews,
)

from . import prose_selection as prose
from .record_kit import DAY
from .selection_kit import Timeline, at, office_hours, pdf_upload


def workday(day: dt.date) -> dt.date:
    """``day``, or the last working day before it on the Chinese calendar."""
    calendar = WorkingCalendar()
    while not calendar.is_working_day(day):
        day -= DAY
    return day


def next_workday(day: dt.date, count: int = 1) -> dt.date:
    """The ``count``-th working day after ``day`` on the Chinese calendar."""
    return WorkingCalendar().nth_working_day(day + DAY, count)


def workdays_between(first: dt.date, last: dt.date) -> list[dt.date]:
    calendar = WorkingCalendar()
    days, day = [], first
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += DAY
    return days or [workday(last)]


@dataclass
class SelectionWritten:
    """What building a programme's demo calls wrote (nothing when they were there already)."""

    calls: int = 0
    applications: int = 0
    reviews: int = 0
    created: bool = False


@dataclass
class CallStory:
    actor: Actor  # whoever runs the demo command, for what no one in the story does
    rng: random.Random
    timeline: Timeline
    programme: Programme
    manager: User  # the training centre: publishes, forms the panel, assigns
    decider: User  # the bureau: decides, publishes the notice, handles objections, finalises
    experts: list[User]
    statements: dict[str, tuple[str, ...]]
    form_title: str
    attachment: str  # the required attachment's code
    written: SelectionWritten = field(default_factory=SelectionWritten)
    quality: dict[int, float] = field(default_factory=dict)  # application pk → 0…1
    deadlines: dict[int, dt.datetime] = field(default_factory=dict)  # call pk → not yet set

    # Calls -----------------------------------------------------------------------------------

    def open_call(
        self,
        *,
        spec_code: str,
        title: str,
        description: str,
        places: int,
        opens_on: dt.date,
        closes_on: dt.date,
        deadline_on: dt.date | None = None,
        cohort=None,
    ) -> Call:
        """Made and published a few days before it opens. A district deadline already past is
        announced only once the districts have sent their batches (see ``close_districts``):
        a batch cannot be sent after it."""
        deadline = at(deadline_on, 17, 30) if deadline_on else None
        ahead = deadline is not None and deadline > timezone.now()
        centre = Actor.command_line(self.manager)
        call = calls.create_call(
            actor=centre,
            programme=self.programme,
            spec_code=spec_code,
            title=title,
            description=description,
            places=places,
            opens_at=at(opens_on, 8, 30),
            closes_at=at(closes_on, 17, 30),
            district_deadline=deadline if ahead else None,
            cohort=cohort,
        )
        call = calls.publish_call(actor=centre, call=call)
        self.timeline.settle(*office_hours(workday(opens_on - 3 * DAY)), models=(Call,))
        if deadline is not None and not ahead:
            self.deadlines[call.pk] = deadline
        self.written.calls += 1
        return call

    def close_districts(self, call: Call) -> None:
        deadline = self.deadlines.pop(call.pk, None)
        if deadline is not None:
            calls.update_call(
                actor=Actor.command_line(self.manager), call=call, district_deadline=deadline
            )

    # Applicants ------------------------------------------------------------------------------

    def apply(
        self,
        call: Call,
        principal: Principal,
        when: dt.datetime,
        *,
        submit: bool = True,
        corrections: dict[str, str] | None = None,
    ) -> Application:
        """The applicant fills in the form from the registry, writes a statement against each
        condition, uploads the signed form and (unless it stays a draft) submits."""
        rng = self.rng
        person = Actor.command_line(principal.user) if principal.user_id else self.actor
        application = applications.start_application(
            actor=person, call=call, principal=principal, now=when
        )
        texts = prose.statements(rng, self.statements, principal.school.name)
        if not submit:
            texts = dict(list(texts.items())[: rng.randint(1, len(texts) - 1)])
        by_unit = rng.random() < 0.4
        applications.save_application(
            actor=person,
            application=application,
            statements=texts,
            corrections=corrections,
            route=Application.Route.UNIT if by_unit else Application.Route.SELF,
            recommending_unit=principal.school.name if by_unit else "",
            now=when,
        )
        if submit or rng.random() < 0.5:
            applications.add_evidence(
                actor=person,
                application=application,
                requirement=self.attachment,
                uploaded=pdf_upload(
                    f"{principal.name}-{self.form_title}.pdf",
                    [
                        (18, self.form_title),
                        (12, f"遴选：{call.title}"),
                        (12, f"申报人：{principal.name}　{principal.school.name}"),
                        (12, "（本人签字、单位盖章后扫描）"),
                    ],
                ),
                now=when,
            )
        if submit:
            application = applications.submit_application(
                actor=person, application=application, now=when
            )
        self.timeline.settle(when - dt.timedelta(hours=2), when, models=(Application, Evidence))
        self.quality[application.pk] = rng.uniform(0.62, 0.95)
        self.written.applications += 1
        return application

    def apply_all(
        self, call: Call, principals: list[Principal], first: dt.date, last: dt.date
    ) -> list[Application]:
        """Everyone submits on some day between ``first`` and ``last``, in that order."""
        days = sorted(self.rng.choice(workdays_between(first, last)) for _ in principals)
        return [
            self.apply(call, principal, at(day, self.rng.randint(8, 21), self.rng.randint(0, 59)))
            for principal, day in zip(principals, days, strict=True)
        ]

    # The first review ------------------------------------------------------------------------

    def first_review(
        self, officer: User, application: Application, day: dt.date, decision: str, note=""
    ) -> Application:
        application = district.review_application(
            actor=Actor.command_line(officer), application=application, decision=decision, note=note
        )
        self.timeline.settle(*office_hours(workday(day)), models=(Application,))
        return application

    def rank(self, officer: User, call: Call, region: Region, endorsed: list[Application]):
        best_first = sorted(endorsed, key=lambda a: -self.quality[a.pk])
        district.rank_candidates(
            actor=Actor.command_line(officer),
            call=call,
            district=region,
            order=[a.pk for a in best_first],
        )

    def send(self, officer: User, call: Call, region: Region, day: dt.date) -> None:
        # The officer prints the forms to stamp them before sending the batch.
        exports.prepare_district_forms(
            actor=Actor.command_line(officer),
            call=call,
            district=region,
            disclosure=masked(officer),
        )
        district.submit_batch(actor=Actor.command_line(officer), call=call, district=region)
        self.timeline.settle(at(workday(day), 16), at(workday(day), 17, 30))

    # Expert review ---------------------------------------------------------------------------

    def start_review(self, call: Call, day: dt.date) -> None:
        """Review opens; the panel is formed and the cases assigned automatically."""
        centre = Actor.command_line(self.manager)
        self.close_districts(call)
        calls.start_review(actor=centre, call=call, now=at(day, 9))
        for expert in self.experts:
            reviews.add_to_panel(actor=centre, call=call, expert=expert)
        reviews.assign_automatically(actor=centre, call=call)
        self.timeline.settle(at(day, 9), at(day, 11))

    def declare_conflict(self, call: Call, expert: User, day: dt.date) -> Conflict:
        """The expert steps back from one of their cases; the centre assigns it again."""
        review = Review.objects.filter(application__call=call, expert=expert).order_by("pk")[0]
        conflict = reviews.declare_conflict(
            actor=Actor.command_line(expert),
            call=call,
            expert=expert,
            principal=review.application.principal,
            reason=self.rng.choice(prose.CONFLICTS),
        )
        reviews.assign_automatically(actor=Actor.command_line(self.manager), call=call)
        self.timeline.settle(*office_hours(workday(day)))
        return conflict

    def score(self, call: Call, first: dt.date, last: dt.date, share: dict[int, float]) -> None:
        """Each expert scores ``share[expert pk]`` of their cases (all by default), in two or
        three sittings between ``first`` and ``last``."""
        rng = self.rng
        rubric = call_spec(call).rubric
        open_reviews = defaultdict(list)
        for review in Review.objects.filter(
            application__call=call, submitted_at__isnull=True
        ).order_by("pk"):
            open_reviews[review.expert_id].append(review)
        days = workdays_between(first, last)
        for expert in self.experts:
            mine = open_reviews.get(expert.pk, [])
            mine = mine[: round(len(mine) * share.get(expert.pk, 1.0))]
            sittings = sorted(rng.sample(days, min(len(days), rng.randint(2, 3))))
            for number, day in enumerate(sittings):
                for review in mine[number :: len(sittings)]:
                    quality = self.quality[review.application_id]
                    reviews.submit_review(
                        actor=Actor.command_line(expert),
                        review=review,
                        scores={
                            c.code: max(
                                0, min(c.points, round(c.points * (quality + rng.gauss(0, 0.04))))
                            )
                            for c in rubric
                        },
                        comment=prose.comment(rng, quality),
                        recommend=quality + rng.gauss(0, 0.03) >= 0.8,
                    )
                    self.written.reviews += 1
                hour = rng.choice((9, 14, 19))
                self.timeline.settle(at(day, hour), at(day, hour + 2), models=(Review,))

    # The decision, the notice and the final list ---------------------------------------------

    def decide(self, call: Call, scored_by: dt.date, decide_on: dt.date) -> None:
        """The review closes the next working day after the last score; the bureau takes the
        best-scored up to the places."""
        calls.close_review(actor=Actor.command_line(self.manager), call=call)
        self.timeline.settle(*office_hours(next_workday(scored_by)))
        bureau = Actor.command_line(self.decider)
        for place, application in enumerate(ranking(call), start=1):
            selected = place <= call.places
            decisions.decide(
                actor=bureau,
                application=application,
                selected=selected,
                reason=prose.decision_reason(place, application.score, selected, call.places),
            )
        # A holiday can put the last working day before ``decide_on`` back inside the scoring.
        self.timeline.settle(*office_hours(max(workday(decide_on), next_workday(scored_by))))

    def publish(self, call: Call, starts_on: dt.date, text: str, contact: str) -> Notice:
        notice = decisions.publish_notice(
            actor=Actor.command_line(self.decider),
            call=call,
            text=text,
            contact=contact,
            starts_on=starts_on,
            today=starts_on,
        )
        self.timeline.settle(at(starts_on, 8, 30), at(starts_on, 9))
        return notice

    def lodge(self, notice: Notice, application: Application, day: dt.date, name: str, text: str):
        objection = decisions.lodge_objection(
            actor=Actor(user=None, source=Source.WEB),
            notice=notice,
            name=name,
            contact=f"1{self.rng.choice('3589')}{self.rng.randint(0, 999999999):09d}",
            text=text,
            application=application,
            today=day,
        )
        self.timeline.settle(at(day, 10), at(day, 16))
        return objection

    def dismiss(self, objection, day: dt.date, handling: str) -> None:
        decisions.handle_objection(
            actor=Actor.command_line(self.decider),
            objection=objection,
            upheld=False,
            handling=handling,
        )
        self.timeline.settle(*office_hours(workday(day)))

    def finalise(self, call: Call, day: dt.date) -> list[Application]:
        confirmed = decisions.finalise(actor=Actor.command_line(self.decider), call=call, today=day)
        self.timeline.settle(*office_hours(day))
        return confirmed
