"""A round's results and a case's assessment report as listings (``core.documents.listing``):
``exports.py`` writes the results as .xlsx and a report as PDF.

Both are documents handed on to the authority, the studios and the trainees, so they are written
in the official language whatever the language of the person downloading them. No personal
number appears in either.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from touyan.core.documents.listing import Column, Listing, Section
from touyan.policies.names import shown

from .models import Assessor, Case, Consequence, ReviewRequest, Round
from .rubric import HUNDREDTH, grade_name, rubric_of
from .selectors import evidence_for, experts_totals, round_cases_for_output


def document_language():
    return translation.override(settings.LANGUAGE_CODE)


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def _number(value) -> str:
    return "" if value is None else f"{value:.2f}"


def _period(round_: Round) -> str:
    return _("%(start)s 至 %(end)s") % {
        "start": _date(round_.period_starts),
        "end": _date(round_.period_ends),
    }


def _footer() -> str:
    return _("生成时间：%(at)s") % {"at": timezone.localtime().strftime("%Y-%m-%d %H:%M")}


def subject_columns(case: Case) -> tuple[str, str, str]:
    """The subject, their studio or school, and the district, as the lists show them."""
    if case.member_id is not None:
        person = case.member.principal
        return person.name, f"{case.studio.name} · {person.school.name}", person.school.region.name
    if case.trainee_id is not None:
        person = case.trainee.principal
        return person.name, person.school.name, person.school.region.name
    studio = case.studio
    return studio.name, studio.base_school.name, studio.region.name


def consequence_words(case: Case) -> str:
    if case.consequence == Consequence.NONE:
        return ""
    words = str(Consequence(case.consequence).label)
    if case.applied_at:
        return _("%(what)s（已于 %(on)s 执行）") % {
            "what": words,
            "on": _date(timezone.localtime(case.applied_at)),
        }
    if case.effective_on:
        return _("%(what)s（%(on)s 起生效）") % {"what": words, "on": _date(case.effective_on)}
    return words


# The round's results -------------------------------------------------------------------------


def result_columns() -> tuple[Column, ...]:
    return (
        Column(_("序号"), 5, centred=True),
        Column(_("考核对象"), 12),
        Column(_("工作室/学校"), 16),
        Column(_("区县"), 8, centred=True),
        Column(_("得分"), 7, centred=True),
        Column(_("专家评分"), 12, centred=True),
        Column(_("分差"), 6, centred=True),
        Column(_("建议等次"), 7, centred=True),
        Column(_("等次"), 7, centred=True),
        Column(_("评定理由"), 20),
        Column(_("结果运用"), 10),
    )


def round_listing(round_: Round) -> tuple[Listing, int]:
    """The round's results, one row per case; and the number of rows."""
    with document_language():
        rubric = rubric_of(round_)
        rows = []
        for number, case in enumerate(round_cases_for_output(round_).iterator(chunk_size=500), 1):
            case.round = round_
            subject, where, district = subject_columns(case)
            totals = experts_totals(case)
            rows.append(
                (
                    number,
                    subject,
                    where,
                    district,
                    _number(case.score),
                    " / ".join(_number(total) for total in totals),
                    _number(case.spread),
                    grade_name(rubric, case.proposed_grade) if case.proposed_grade else "",
                    grade_name(rubric, case.grade) if case.grade else "",
                    case.reason,
                    consequence_words(case),
                )
            )
        listing = Listing(
            title=_("%(round)s 考核结果") % {"round": round_.name},
            columns=result_columns(),
            sections=[Section(heading="", rows=rows, empty=_("没有考核对象"), sheet=_("考核结果"))],
            lines=[
                _("%(programme)s · 考核期 %(period)s")
                % {"programme": round_.programme.name, "period": _period(round_)},
                _state(round_),
            ],
            footer=_footer(),
        )
    return listing, len(rows)


def _state(round_: Round) -> str:
    if round_.published_at:
        return _("已于 %(at)s 公布") % {
            "at": timezone.localtime(round_.published_at).strftime("%Y-%m-%d %H:%M")
        }
    return _("%(stage)s，尚未公布，仅供核对") % {"stage": round_.get_stage_display()}


# One case's report ---------------------------------------------------------------------------


def case_report(case: Case) -> Listing:
    """The assessment report of one studio, member or trainee."""
    with document_language():
        return _case_report(case)


def _case_report(case: Case) -> Listing:
    round_ = case.round
    rubric = rubric_of(round_)
    subject, where, district = subject_columns(case)
    lines = [
        _("考核对象：%(subject)s（%(where)s，%(district)s）")
        % {"subject": subject, "where": where, "district": district},
        _("考核轮次：%(round)s · 考核期 %(period)s")
        % {"round": round_.name, "period": _period(round_)},
    ]
    if case.score is not None:
        lines.append(_("总分：%(score)s") % {"score": _number(case.score)})
    lines.append(
        _("等次：%(grade)s")
        % {"grade": grade_name(rubric, case.grade) if case.grade else _("未评定")}
    )
    if case.reason:
        lines.append(_("评定理由：%(reason)s") % {"reason": case.reason})
    review = ReviewRequest.objects.filter(case=case).first()
    if review is not None:
        lines.append(
            _("复核：%(status)s（原等次 %(original)s）%(decision)s")
            % {
                "status": review.get_status_display(),
                "original": grade_name(rubric, review.original_grade),
                "decision": review.decision,
            }
        )
    if words := consequence_words(case):
        lines.append(_("结果运用：%(what)s") % {"what": words})
    if round_.published_at is None:
        lines.append(_("本轮次尚未公布，仅供核对"))
    columns, section = (
        _direct_section(case) if round_.assessed_by != Assessor.EXPERTS else _criteria_section(case)
    )
    return Listing(
        title=_("%(round)s 考核报告") % {"round": round_.name},
        columns=columns,
        sections=[section],
        lines=lines,
        footer=_footer(),
    )


def _criteria_section(case: Case) -> tuple[tuple[Column, ...], Section]:
    """Each criterion with its weight and the mean points the first panel gave it."""
    rubric = rubric_of(case.round)
    scores = [
        score.points for score in case.scores.filter(for_review=False, submitted_at__isnull=False)
    ]
    rows = []
    for criterion in rubric.rubric:
        given = [Decimal(str(p[criterion.code])) for p in scores if criterion.code in p]
        mean = (sum(given, start=Decimal(0)) / len(given)).quantize(HUNDREDTH) if given else None
        rows.append(
            (
                shown(criterion),
                "、".join(criterion.methods),
                f"{criterion.weight}%",
                _number(mean),
            )
        )
    columns = (
        Column(_("评价内容"), 30),
        Column(_("评价方式"), 20, centred=True),
        Column(_("权重"), 8, centred=True),
        Column(_("平均得分"), 10, centred=True),
    )
    heading = _("评价内容与得分（%(n)d 位专家评分的平均）") % {"n": len(scores)}
    return columns, Section(heading=heading, rows=rows, empty=_("无评分"))


def _direct_section(case: Case) -> tuple[tuple[Column, ...], Section]:
    """What the period's records say of a member or trainee."""
    evidence = evidence_for(case.round, [case])[case.pk]
    rows = [
        (
            _("出勤"),
            _("出勤 %(present)d 次，请假 %(leave)d 次，缺勤 %(absent)d 次")
            % {"present": evidence.present, "leave": evidence.leave, "absent": evidence.absent},
        ),
        (_("提交成果"), _("%(n)d 项") % {"n": evidence.deliverables}),
    ]
    if evidence.required_hours:
        rows.append(
            (
                _("学时"),
                _("%(done)s / %(required)d 学时")
                % {"done": f"{evidence.hours:g}", "required": evidence.required_hours},
            )
        )
        rows.extend((name, f"{done:g} / {hours}") for name, done, hours in evidence.topics)
    columns = (Column(_("项目"), 30), Column(_("情况"), 40))
    return columns, Section(heading=_("考核期内的记录"), rows=rows)
