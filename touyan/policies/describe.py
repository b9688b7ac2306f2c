"""A policy in plain Chinese sentences: what is required, by when — for the policy page."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from touyan.policies.names import shown

from . import schema


def period_label(period: str) -> str:
    return {
        "week": _("每周"),
        "month": _("每月"),
        "2_months": _("每两个月"),
        "3_months": _("每三个月"),
        "4_months": _("每四个月"),
        "5_months": _("每五个月"),
        "6_months": _("每六个月"),
        "quarter": _("每季度"),
        "semester": _("每学期"),
        "school_year": _("每学年"),
        "calendar_year": _("每个自然年"),
        "year": _("每年"),
        "stage": _("每个阶段"),
        "cycle": _("整个周期内"),
    }[period]


def stage_names(policy: schema.Policy, rule: schema.Rule) -> str:
    """The stages a rule names, “第一阶段：诊断规划”、…; empty when it names none."""
    if getattr(rule, "period", None) != "stage" or not rule.stages:
        return ""
    return _("、").join(
        _("“%(name)s”") % {"name": shown(stage)}
        for stage in policy.calendar.stages
        if stage.code in rule.stages
    )


def rule_period(policy: schema.Policy, rule: schema.Rule) -> str:
    """“每月” — or, for a rule held in some stages only, ““第一阶段：诊断规划”期间”."""
    names = stage_names(policy, rule)
    if names:
        return _("%(stages)s期间") % {"stages": names}
    return period_label(rule.period)


def stage_span(stage: schema.Stage) -> str:
    """“第 1—2 学期” or “第 1—6 个月” of the cycle."""
    if stage.semesters is not None:
        first, last = stage.semesters
        if first == last:
            return _("周期第 %(n)d 学期") % {"n": first}
        return _("周期第 %(first)d—%(last)d 学期") % {"first": first, "last": last}
    first, last = stage.months or (0, 0)
    if first == last:
        return _("周期第 %(n)d 个月") % {"n": first}
    return _("周期第 %(first)d—%(last)d 个月") % {"first": first, "last": last}


def round_period(policy: schema.Policy, round_: schema.Round) -> str:
    """When a kind of assessment round is held: 每学期, 周期结束时, or its stage's name."""
    if round_.period == "cycle":
        return _("周期结束时")
    if round_.period == "stage":
        stage = next((s for s in policy.calendar.stages if s.code == round_.stage), None)
        return shown(stage) if stage else period_label("stage")
    return period_label(round_.period)


def level_label(level: str) -> str:
    return {
        "school": _("校级"),
        "district": _("区县级"),
        "city": _("市级"),
        "province": _("省级"),
        "national": _("国家级"),
    }[level]


def outcome_label(kind: str) -> str:
    return {
        "paper": _("论文"),
        "monograph": _("专著"),
        "report": _("研究报告"),
        "award": _("获奖"),
        "publication": _("公开发表"),
    }[kind]


def consequence_label(consequence: str) -> str:
    return {
        "none": "",
        "commend": _("给予表彰"),
        "revoke": _("予以撤销"),
        "certify": _("颁发结业证书"),
    }[consequence]


@dataclass(frozen=True)
class RuleLine:
    rule: schema.Rule
    requirement: str
    subject: str


def _names(policy: schema.Policy, codes: list[str]) -> str:
    """“专题研讨”活动; a type whose name already ends in 活动 is not followed by it again."""
    kinds = [(policy.activity_type(code), code) for code in codes]
    text = _("、").join(
        _("“%(name)s”") % {"name": shown(kind) if kind else code} for kind, code in kinds
    )
    return (
        text
        if all((kind.name if kind else code).endswith("活动") for kind, code in kinds)
        else text + pgettext("after activity type names", "活动")
    )


def requirement(policy: schema.Policy, rule: schema.Rule) -> str:
    """The machine reading of one rule, as the compliance engine will check it."""
    text = _requirement(policy, rule)
    if rule.skip_periods == "touching_exclusions" and text:
        text += _("（含排除时段的%(period)s不作要求）") % {
            "period": period_noun(getattr(rule, "period", "cycle"))
        }
    return text


def period_noun(period: str) -> str:
    """The period as a noun: 周、月、季度…"""
    return {
        "week": _("周"),
        "month": _("月份"),
        "2_months": _("时段"),
        "3_months": _("时段"),
        "4_months": _("时段"),
        "5_months": _("时段"),
        "6_months": _("时段"),
        "quarter": _("季度"),
        "semester": _("学期"),
        "school_year": _("学年"),
        "calendar_year": _("年度"),
        "year": _("年度"),
        "stage": _("阶段"),
        "cycle": _("周期"),
    }.get(period, _("时段"))


def _requirement(policy: schema.Policy, rule: schema.Rule) -> str:
    match rule:
        case schema.ActivityCount():
            text = _("%(period)s至少开展 %(n)d 次%(types)s") % {
                "period": rule_period(policy, rule),
                "n": rule.at_least,
                "types": _names(policy, rule.activity_types),
            }
            if rule.at_rural_or_weak_school:
                text += _("，地点须为农村学校或薄弱学校")
            return text
        case schema.MemberSchoolVisits():
            return _("%(period)s每位成员所在学校至少 %(n)d 次成为%(types)s的地点") % {
                "period": rule_period(policy, rule),
                "n": rule.times,
                "types": _names(policy, rule.activity_types),
            }
        case schema.ResearchProjects():
            text = _("%(period)s至少完成 %(n)d 项研究课题") % {
                "period": rule_period(policy, rule),
                "n": rule.at_least,
            }
            if rule.led_by_subject:
                text += _("（本人主持）")
            if rule.min_level:
                text += _("，立项级别不低于%(level)s") % {"level": level_label(rule.min_level)}
            text += _("，成果形式：%(kinds)s") % {
                "kinds": _("或").join(outcome_label(k) for k in rule.outcome_kinds)
            }
            if rule.outcome_min_level:
                text += _("（不低于%(level)s）") % {"level": level_label(rule.outcome_min_level)}
            return text
        case schema.Deliverables():
            kind = policy.deliverable_kind(rule.deliverable_kind)
            per = {"member": _("每位成员"), "trainee": _("每位培养人选"), "studio": _("每个工作室")}
            text = _("%(per)s%(period)s至少提交 %(n)d 份“%(kind)s”") % {
                "per": per[rule.per],
                "period": rule_period(policy, rule),
                "n": rule.at_least,
                "kind": shown(kind) if kind else rule.deliverable_kind,
            }
            if rule.min_chars:
                text += _("，每份不少于 %(chars)d 字") % {"chars": rule.min_chars}
            if rule.within_days:
                text += _("，须在每期开始后 %(days)d 天内提交") % {"days": rule.within_days}
            return text
        case schema.AbsenceRatio():
            if policy.policy.subject == "studio":
                share = (
                    _("每位成员缺勤学时占本工作室已举行活动学时的比例不超过 %(ratio)s")
                    if rule.unit == "hours"
                    else _("每位成员缺勤次数占本工作室已举行活动次数的比例不超过 %(ratio)s")
                )
            else:
                share = (
                    _("缺勤学时占排定的全部学时的比例不超过 %(ratio)s")
                    if rule.unit == "hours"
                    else _("缺勤次数占排定的全部场次的比例不超过 %(ratio)s")
                )
            return share % {"ratio": rule.at_most} + _counted_sessions(policy, rule)
        case schema.UnexcusedAbsence():
            if rule.at_most == 0:
                return _("不得有未经同意的缺席")
            if rule.unit == "hours":
                return _("未经同意缺席的学时不超过 %(n)d 学时") % {"n": rule.at_most}
            return _("未经同意缺席的次数不超过 %(n)d 次") % {"n": rule.at_most}
        case schema.CurriculumHours():
            if rule.topics and policy.curriculum:
                names = [shown(t) for t in policy.curriculum.topics if t.code in rule.topics]
                return _("培养期满时以下专题的学时全部修满：%(topics)s") % {
                    "topics": _("、").join(names)
                }
            return _("培养期满时每个专题的学时全部修满")
        case schema.Talks():
            return _("%(period)s在%(level)s及以上论坛作报告或展示至少 %(n)d 次") % {
                "period": rule_period(policy, rule),
                "level": level_label(rule.min_level),
                "n": rule.at_least,
            }
        case schema.PairedSupport():
            text = _("%(period)s至少开展 %(n)d 次结对帮扶") % {
                "period": rule_period(policy, rule),
                "n": rule.at_least,
            }
            if rule.partner_regions_only:
                text += _("，对象为对口支援（帮扶、合作）地区的学校")
            return text
        case schema.MemberCount():
            members = policy.members
            return _("成员人数在 %(min)s—%(max)s 人之间") % {
                "min": members.min if members and members.min else "—",
                "max": members.max if members and members.max else "—",
            }
        case schema.FundsEarmark():
            return _("经费单独列支、专款专用：支出只用于经费来源规定的类别，不超出余额")
        case schema.SiteFreshness():
            text = _("工作室网站%(period)s至少发布 %(n)d 篇文章") % {
                "period": rule_period(policy, rule),
                "n": rule.at_least,
            }
            if rule.columns and policy.site:
                names = [shown(c) for c in policy.site.columns if c.code in rule.columns]
                text += _("（栏目：%(columns)s）") % {"columns": _("、").join(names)}
            return text
        case schema.CumulativeDuration():
            return _(
                "%(period)s累计参加%(types)s不少于 %(n)d %(unit)s（跨日活动按起止日期计，重叠的日子只计一次）"
            ) % {
                "period": rule_period(policy, rule),
                "types": _names(policy, rule.activity_types),
                "n": rule.at_least,
                "unit": _("个月（每月按 30 天计）") if rule.unit == "months" else _("天"),
            }
        case schema.MemberAttendance():
            what = _names(policy, rule.activity_types) if rule.activity_types else _("本工作室活动")
            return _("%(period)s每位成员至少出席 %(n)d 次%(what)s") % {
                "period": rule_period(policy, rule),
                "n": rule.at_least,
                "what": what,
            }
        case schema.AttendanceRate():
            if policy.policy.subject == "studio":
                share = (
                    _("每位成员出勤学时占本工作室已举行活动学时的比例不低于 %(ratio)s")
                    if rule.unit == "hours"
                    else _("每位成员出勤次数占本工作室已举行活动次数的比例不低于 %(ratio)s")
                )
            else:
                share = (
                    _("出勤学时占排定的全部学时的比例不低于 %(ratio)s")
                    if rule.unit == "hours"
                    else _("出勤次数占排定的全部场次的比例不低于 %(ratio)s")
                )
            return share % {"ratio": rule.at_least} + _counted_sessions(policy, rule)
        case schema.LinkSchools():
            if rule.schools_at_most:
                schools = _("确定 %(least)d—%(most)d 所联系学校") % {
                    "least": rule.schools_at_least,
                    "most": rule.schools_at_most,
                }
            else:
                schools = _("确定至少 %(least)d 所联系学校") % {"least": rule.schools_at_least}
            if rule.rural_only:
                schools += _("（须为农村学校）")
            return _("%(schools)s，%(period)s在每所联系学校至少开展 %(n)d 次%(types)s") % {
                "schools": schools,
                "period": rule_period(policy, rule),
                "n": rule.at_least,
                "types": _names(policy, rule.activity_types),
            }
        case schema.AssessmentMilestone():
            found = policy.assessment.round(rule.round) if policy.assessment else None
            stage = next((s for s in policy.calendar.stages if s.code == rule.stage), None)
            text = _("“%(stage)s”结束前公布“%(round)s”的结果") % {
                "stage": shown(stage) if stage else rule.stage,
                "round": shown(found) if found else rule.round,
            }
            if rule.deliverable_kind:
                kind = policy.deliverable_kind(rule.deliverable_kind)
                text += _("，并在该阶段内提交“%(kind)s”") % {
                    "kind": shown(kind) if kind else rule.deliverable_kind
                }
            return text
    return ""


def rule_lines(policy: schema.Policy) -> list[RuleLine]:
    subject = {"studio": _("工作室"), "trainee": _("培养人选")}[policy.policy.subject]
    return [RuleLine(rule, requirement(policy, rule), subject) for rule in policy.rules]


def _counted_sessions(policy: schema.Policy, rule) -> str:
    """What an absence or attendance share counts: leave or not, and which sessions."""
    text = _("（请假也计为缺勤）") if rule.leave_counts_as_absence else _("（经批准的请假不计）")
    if rule.activity_types:
        text += _("（只计%(types)s）") % {"types": _names(policy, rule.activity_types)}
    return text
