"""The Hainan studios' funds (HN-6.1, HN-6.2), told through the funding services.

The cycle's first two budget years (calendar years: the one the cycle starts in, and the next).
The centre (``hn-centre``) sets each studio's fund, paid to its host's school, and asks for it
to be paid; the bureau (``hn-admin``) approves, each payment with its voucher number: the first
year's in one go in September, the second's in two instalments (March and September; the second
waits for approval while September has not come). Each host school's finance office — for
海南中学 the demo account ``hn-finance`` — enters dated expenses for the studio's study
activities, most of them for the studio's own activities in the demo's records. The centre pays
the online-community fee (HN-6.2) to the site's operator from a line of its own for each studio
and year (the source's ``per = "studio"``), held and spent by the centre; each host reads it in
the studio's ledger.

What happens on the way: ``hn-finance`` tries to pay the community fee from the studio fund and
is refused (the refusal writes nothing; the story keeps its message); a receipt typed wrongly is
reversed with its reason and entered again; the centre closes the first year (studio balances
carried into the second, as the policy says; the community fee lines returned); 乐东中学's studio,
revoked in the first annual assessment (``assessment_hainan``), has its funds settled as its
policy says (``on_revocation = "return"``): every open budget closed as returned.

Amounts, payees and the moments are in ``data/funding.toml``.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError

from touyan.accounts.models import User
from touyan.core.actors import Actor
from touyan.funding import services
from touyan.funding.balances import spendable
from touyan.funding.models import Budget
from touyan.funding.money import yuan
from touyan.programmes.models import Programme, Studio
from touyan.records.models import Activity

from .funding_kit import FundingWritten, disburse, fen, finance_contact, story, voucher
from .hainan import HOST_SCHOOL
from .programmes_hainan import programme_slug
from .record_kit import DAY

FINANCE = "hn-finance"  # 海南中学's finance office: the demo account
STUDIO_FUND, COMMUNITY_FEE = "studio_fund", "community_fee"
CATEGORY = "activities"


def label(studio: Studio) -> str:
    return f"{studio.name}（{studio.base_school.name}）"


def build_hainan_funding(*, actor: Actor, rng: random.Random, today: dt.date) -> FundingWritten:
    programme = Programme.objects.filter(slug=programme_slug(today)).first()
    if programme is None or programme.budgets.exists():
        return FundingWritten(created=False)
    return _Story(actor, rng, programme, today).tell()


class _Story:
    def __init__(self, actor: Actor, rng: random.Random, programme: Programme, today: dt.date):
        self.actor, self.rng, self.programme, self.today = actor, rng, programme, today
        self.data = story()["hainan"]
        self.centre = Actor.command_line(User.objects.get(username="hn-centre"))
        self.bureau = Actor.command_line(User.objects.get(username="hn-admin"))
        self.first_year = programme.starts_on.year
        self.years = (self.first_year, self.first_year + 1)
        studios = {
            studio.base_school.name: studio
            for studio in programme.studios.select_related("base_school").order_by("pk")
        }
        # In the data file's order: the host's studio first.
        self.studios: list[Studio] = [studios[entry["school"]] for entry in self.data["studios"]]
        self.amounts = {entry["school"]: entry["amounts"] for entry in self.data["studios"]}
        self.finance: dict[int, Actor] = {}
        self.serial = 0
        self.written = FundingWritten()

    def tell(self) -> FundingWritten:
        self.contacts()
        first, second = self.years
        budgets = self.budgets(first)
        months = 13 - self.programme.starts_on.month  # the cycle's part of its first year
        fees = self.community_budgets(first, months=months)
        self.pay_first_year(budgets, fees)
        for studio in self.studios:
            self.spend(studio, budgets[studio.pk], share=self.data["spend_up_to"][0])
        for fee in fees.values():
            self.pay_community(fee, dt.date(first, 12, 20), months)
        # January: next year's budgets, then the close of the first year.
        following = self.budgets(second)
        next_fees = self.community_budgets(second, months=12)
        self.close(first)
        self.pay_second_year(following, next_fees)
        host = self.studios[0]
        self.moments(host, following[host.pk])
        for studio in self.studios:
            self.spend(studio, following[studio.pk], share=self.data["spend_up_to"][1])
        self.pay_community_second_year(next_fees, second)
        self.settle_revoked()
        return self.written

    # People ------------------------------------------------------------------------------------

    def contacts(self) -> None:
        """A finance contact for each studio: ``hn-finance`` for the host's (海南中学), an
        account without a password for each other host school's finance office."""
        for n, studio in enumerate(self.studios, start=1):
            school = studio.base_school.name
            username = FINANCE if school == HOST_SCHOOL[1] else f"hn-finance-{n:02d}"
            user = finance_contact(
                actor=self.actor, holder=studio, username=username, full_name=f"{school}财务室"
            )
            self.finance[studio.pk] = Actor.command_line(user)

    # Budgets and payments --------------------------------------------------------------------

    def running(self, year: int) -> list[Studio]:
        """The studios not revoked before ``year`` begins."""
        start = dt.date(year, 1, 1)
        return [s for s in self.studios if s.revoked_on is None or s.revoked_on >= start]

    def budgets(self, year: int) -> dict[int, Budget]:
        index = self.years.index(year)
        made = {}
        for studio in self.running(year):
            made[studio.pk] = services.set_budget(
                actor=self.centre,
                programme=self.programme,
                source=STUDIO_FUND,
                year=year,
                studio=studio,
                amount_fen=fen(self.amounts[studio.base_school.name][index]),
                payee=studio.base_school.name,
            )
            self.written.budgets += 1
        return made

    def community_budgets(self, year: int, *, months: int) -> dict[int, Budget]:
        """The centre's line for each studio (HN-6.2): the studio's fee for the months of the
        year the cycle runs, payee the site's operator."""
        amount = fen(self.data["community_fee_per_studio"] * months / 12)
        made = {}
        for studio in self.running(year):
            made[studio.pk] = services.set_budget(
                actor=self.centre,
                programme=self.programme,
                source=COMMUNITY_FEE,
                year=year,
                studio=studio,
                amount_fen=amount,
                payee=self.data["community_operator"],
            )
            self.written.budgets += 1
        return made

    def pay(self, budget: Budget, amount_fen: int, paid_on: dt.date, *, approve: bool = True):
        self.serial += 1
        return disburse(
            centre=self.centre,
            authority=self.bureau,
            budget=budget,
            amount_fen=amount_fen,
            paid_on=paid_on,
            voucher_no=voucher(self.data["voucher"], paid_on.year, self.serial),
            approve=approve,
            written=self.written,
        )

    def pay_first_year(self, budgets: dict[int, Budget], fees: dict[int, Budget]) -> None:
        paid_on = self.programme.starts_on + 19 * DAY
        for budget in (*budgets.values(), *fees.values()):
            self.pay(budget, budget.amount_fen, paid_on)

    def pay_second_year(self, budgets: dict[int, Budget], fees: dict[int, Budget]) -> None:
        """March's instalment for every studio, September's for those still running (waiting
        for the bureau while September 15 is still to come); the centre's fee lines in full."""
        year = self.years[1]
        march, september = dt.date(year, 3, 15), dt.date(year, 9, 15)
        for fee in fees.values():
            self.pay(fee, fee.amount_fen, march)
        share = self.data["first_instalment"]
        for studio in self.studios:
            budget = budgets[studio.pk]
            first = round(budget.amount_fen * share)
            self.pay(budget, first, march)
            if studio.revoked_on is None or studio.revoked_on > september:
                self.pay(
                    budget, budget.amount_fen - first, september, approve=september < self.today
                )

    # Expenses --------------------------------------------------------------------------------

    def last_day(self, studio: Studio | None, budget: Budget) -> dt.date:
        last = min(budget.ends_on, self.today - DAY)
        if studio is not None and studio.revoked_on is not None:
            last = min(last, studio.revoked_on)
        return last

    def planned(self, studio: Studio, budget: Budget) -> list[tuple[dt.date, int, str, Activity]]:
        """(day, fen, payee, activity or None) for the studio's year, in date order."""
        spending = self.data["spending"]
        kinds = {kind: spec for kind, spec in spending.items() if kind != "other"}
        first = max(budget.starts_on, self.programme.starts_on)
        last = self.last_day(studio, budget)
        if last < first:
            return []
        activities = (
            Activity.objects.filter(
                programme=self.programme, organisers__studio=studio, date__range=(first, last)
            )
            .order_by("date", "pk")
            .distinct()
        )
        plan = []
        for activity in activities:
            spec = next(
                (s for k, s in kinds.items() if activity.activity_type in s.get("types", [k])),
                None,
            )
            if spec is None or self.rng.random() >= spec["share"]:
                continue
            day = min((activity.end_date or activity.date) + self.rng.randint(0, 3) * DAY, last)
            payee = self.rng.choice(spec["payees"]).format(place=activity.place)
            plan.append((day, self.amount(spec), payee, activity))
        other = spending["other"]
        for _ in range(other["per_year"]):
            day = first + self.rng.randrange((last - first).days + 1) * DAY
            plan.append((day, self.amount(other), self.rng.choice(other["payees"]), None))
        plan.sort(key=lambda item: (item[0], item[3].pk if item[3] else 0))
        return plan

    def amount(self, spec: dict) -> int:
        return fen(self.rng.randint(spec["low"], spec["high"])) + self.rng.choice((0, 0, 0, 50))

    def spend(self, studio: Studio, budget: Budget, *, share: float) -> None:
        """The studio's finance office enters the year's expenses while they stay within
        ``share`` of what the studio has received (approved payments and the year carried in)."""
        room = int(spendable(budget) * share)
        for day, amount, payee, activity in self.planned(studio, budget):
            if amount > room:
                continue
            services.enter_expense(
                actor=self.finance[studio.pk],
                budget=budget,
                category=CATEGORY,
                spent_on=day,
                amount_fen=amount,
                payee=payee,
                activity=activity,
            )
            room -= amount
            self.written.expenses += 1

    def pay_community(self, budget: Budget, day: dt.date, months: int) -> None:
        """The centre pays the operator for the line's studio and ``months`` months."""
        if day >= self.today:
            return
        fee = self.data["community_fee_per_studio"] * months / 12
        services.enter_expense(
            actor=self.centre,
            budget=budget,
            category="online_community",
            spent_on=day,
            amount_fen=min(fen(fee), spendable(budget)),
            payee=self.data["community_operator"],
        )
        self.written.expenses += 1

    def pay_community_second_year(self, fees: dict[int, Budget], year: int) -> None:
        """Half a year at a time: June for every studio, December for those still running."""
        for studio in self.studios:
            fee = fees.get(studio.pk)
            if fee is None:
                continue
            self.pay_community(fee, dt.date(year, 6, 30), 6)
            if studio.revoked_on is None:
                self.pay_community(fee, dt.date(year, 12, 20), 6)

    # The story's moments ---------------------------------------------------------------------

    def moments(self, studio: Studio, budget: Budget) -> None:
        """In the host's studio, entered by ``hn-finance``: the refused attempt, and the
        mistyped receipt reversed and entered again."""
        moments = self.data["moments"]
        finance = self.finance[studio.pk]
        day = dt.date(budget.year, 3, 20)
        try:
            services.enter_expense(
                actor=finance,
                budget=budget,
                category=moments["refused_category"],
                spent_on=day,
                amount_fen=fen(moments["refused_amount"]),
                payee=moments["refused_payee"],
            )
        except ValidationError as refusal:
            self.written.told.append(
                f"{label(studio)}：拒绝录入 {yuan(fen(moments['refused_amount']))} 元（"
                + "；".join(refusal.messages)
                + "）"
            )
        else:  # pragma: no cover - the Hainan policy refuses it
            raise AssertionError("the Hainan policy should refuse an off-category expense")
        wrong = services.enter_expense(
            actor=finance,
            budget=budget,
            category=CATEGORY,
            spent_on=day + 4 * DAY,
            amount_fen=fen(moments["mistyped"]),
            payee=moments["mistake_payee"],
        )
        services.reverse_expense(actor=finance, expense=wrong, reason=moments["reversal_reason"])
        services.enter_expense(
            actor=finance,
            budget=budget,
            category=CATEGORY,
            spent_on=day + 4 * DAY,
            amount_fen=fen(moments["receipt"]),
            payee=moments["mistake_payee"],
        )
        self.written.expenses += 2
        self.written.reversals += 1
        self.written.told.append(
            f"{label(studio)}：冲销 {yuan(wrong.amount_fen)} 元并重新录入 "
            f"{yuan(fen(moments['receipt']))} 元（{moments['reversal_reason']}）"
        )

    def close(self, year: int) -> None:
        for source in (STUDIO_FUND, COMMUNITY_FEE):
            closed = services.close_year(
                actor=self.centre, programme=self.programme, source=source, year=year
            )
            self.written.year_ends += len(closed)
            outcomes: dict[str, list[int]] = {}
            for year_end in closed:
                outcomes.setdefault(year_end.get_outcome_display(), []).append(year_end.balance_fen)
            for outcome, balances in outcomes.items():
                self.written.told.append(
                    f"{year} 年度结算（{source}）：{outcome} {len(balances)} 笔，"
                    f"共 {yuan(sum(balances))} 元"
                )

    def settle_revoked(self) -> None:
        for studio in self.studios:
            if studio.revoked_on is None:
                continue
            closed = services.settle_revoked_studio(actor=self.centre, studio=studio)
            self.written.year_ends += len(closed)
            self.written.told.append(
                f"{label(studio)}（{studio.revoked_on.isoformat()} 撤销）：结余经费收回 "
                f"{len(closed)} 笔，共 {yuan(sum(y.balance_fen for y in closed))} 元"
            )
