"""The words of verdicts: column headings, what is missing, what to do next."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from django.utils.translation import get_language, gettext

from touyan.policies import schema
from touyan.policies.describe import level_label, period_label, stage_names
from touyan.policies.names import shown
from touyan.programmes.calendar import Period

from .verdicts import Pace


@lru_cache(maxsize=2048)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


# The language of the evaluation under way in this thread or task (see ``in_language``).
_language: ContextVar[str | None] = ContextVar("touyan_compliance_language", default=None)


def _(message: str) -> str:
    """``gettext`` remembered per language: an evaluation words hundreds of thousands of
    verdicts from a few dozen messages, and looking each up again costs more than judging."""
    return _translated(_language.get() or get_language(), message)


@contextmanager
def in_language():
    """Read the active language once for a whole evaluation."""
    token = _language.set(get_language())
    try:
        yield
    finally:
        _language.reset(token)


def type_names(spec: schema.Policy, codes) -> str:
    names = []
    for code in codes:
        kind = spec.activity_type(code)
        names.append(shown(kind) if kind else code)
    return _("、").join(names)


def deliverable_name(spec: schema.Policy, code: str) -> str:
    kind = spec.deliverable_kind(code)
    return shown(kind) if kind else code


def rule_title(spec: schema.Policy, rule: schema.Rule) -> str:
    """A short heading for a column of the grid."""
    match rule:
        case schema.ActivityCount():
            return _every(rule.period, type_names(spec, rule.activity_types), spec, rule)
        case schema.MemberSchoolVisits():
            return _("成员学校%(types)s") % {"types": type_names(spec, rule.activity_types)}
        case schema.ResearchProjects():
            return _("研究课题")
        case schema.Deliverables():
            # Kind names already say their period (学期活动汇报); the requirement says the rest.
            return deliverable_name(spec, rule.deliverable_kind)
        case schema.AbsenceRatio():
            return _("缺勤比例")
        case schema.UnexcusedAbsence():
            return _("未经同意缺席")
        case schema.CurriculumHours():
            return _("课程学时")
        case schema.Talks():
            return _("%(level)s以上展示") % {"level": level_label(rule.min_level)}
        case schema.PairedSupport():
            return _("结对帮扶")
        case schema.MemberCount():
            return _("成员人数")
        case schema.FundsEarmark():
            return _("专款专用")
        case schema.SiteFreshness():
            return _("网站更新")
        case schema.CumulativeDuration():
            return _("累计%(types)s") % {"types": type_names(spec, rule.activity_types)}
        case schema.MemberAttendance():
            return _every(rule.period, _("成员出勤"))
        case schema.AttendanceRate():
            return _("出勤率")
        case schema.LinkSchools():
            return _("联系学校")
        case schema.AssessmentMilestone():
            found = spec.assessment.round(rule.round) if spec.assessment else None
            return shown(found) if found else rule.round
    return rule.id


def _every(period: str, what: str, spec: schema.Policy | None = None, rule=None) -> str:
    match period:
        case "week":
            return _("每周%(what)s") % {"what": what}
        case "month":
            return _("每月%(what)s") % {"what": what}
        case "2_months" | "3_months" | "4_months" | "5_months" | "6_months":
            return _("%(every)s%(what)s") % {"every": period_label(period), "what": what}
        case "quarter":
            return _("每季度%(what)s") % {"what": what}
        case "semester":
            return _("每学期%(what)s") % {"what": what}
        case "school_year":
            return _("每学年%(what)s") % {"what": what}
        case "calendar_year":
            return _("每个自然年%(what)s") % {"what": what}
        case "year":
            return _("每年%(what)s") % {"what": what}
        case "stage":
            names = stage_names(spec, rule) if spec is not None and rule is not None else ""
            if names:
                return _("%(what)s（%(stages)s）") % {"what": what, "stages": names}
            return _("每个阶段%(what)s") % {"what": what}
    return what


def this_period(period: Period) -> str:
    match period.kind:
        case "week":
            return _("本周")
        case "month":
            return _("本月")
        case "2_months":
            return _("这两个月")
        case "3_months":
            return _("这三个月")
        case "4_months":
            return _("这四个月")
        case "5_months":
            return _("这五个月")
        case "6_months":
            return _("这六个月")
        case "quarter":
            return _("本季度")
        case "semester":
            return _("本学期")
        case "school_year":
            return _("本学年")
        case "calendar_year":
            return _("今年")
        case "year":
            return _("本年度")
        case "stage":
            return _("本阶段")
    return _("本周期内")


def count_missing(
    what: str, count: float, required: float, *, still_open: bool, unit: str = ""
) -> str:
    """“尚未开展专题研讨” / “开展集中研修 1 次，还差 1 次” / “提交日志 3 份，还差 7 份”."""
    if count == 0:
        return (_("尚未%(what)s") if still_open else _("未%(what)s")) % {"what": what}
    return _("%(what)s %(count)g %(unit)s，还差 %(gap)g %(unit)s") % {
        "what": what,
        "count": count,
        "gap": required - count,
        "unit": unit or _("次"),
    }


def next_step(period: Period, missing: str, days_left: int | None) -> str:
    if days_left is None:
        return missing
    return _("%(period)s%(missing)s，还剩 %(days)d 天") % {
        "period": this_period(period),
        "missing": missing,
        "days": days_left,
    }


def missed_step(period: Period, missing: str) -> str:
    if period.kind == "cycle":
        return missing
    return _("%(period)s：%(missing)s") % {"period": period.label, "missing": missing}


def pace_note(
    pace: Pace,
    *,
    due: float = 0,
    count: float = 0,
    unit: str = "",
    days: int = 0,
    ahead: float | None = None,
) -> str:
    """Why an open period is behind or cannot be met; nothing when it keeps pace."""
    unit = unit or _("次")
    if pace is Pace.CANNOT_BE_MET:
        if ahead is not None:
            return _("其后排定的活动只剩 %(ahead)g 场，已不足以完成") % {"ahead": ahead}
        return _("只剩 %(days)d 天，已不可能完成") % {"days": days}
    if pace is Pace.BEHIND:
        if due > count:
            return _("按进度此时应已完成 %(due)g %(unit)s") % {"due": due, "unit": unit}
        return _("已近期末，进度落后")
    return ""


def headroom(left: float, *, hours: bool, review: bool) -> str:
    """“还可缺勤 6 学时，超过即进入淘汰审议”."""
    if left <= 0:
        text = _("已达上限，再缺勤即进入淘汰审议") if review else _("已达上限，再缺勤即未达成")
        return text
    amount = _("%(n)g 学时") % {"n": left} if hours else _("%(n)g 次") % {"n": left}
    if review:
        return _("还可缺勤 %(amount)s，超过即进入淘汰审议") % {"amount": amount}
    return _("还可缺勤 %(amount)s，超过即未达成") % {"amount": amount}


def with_note(text: str, note: str) -> str:
    if not note:
        return text
    if not text:
        return note
    return _("%(text)s；%(note)s") % {"text": text, "note": note}
