"""Checks that need the whole policy: unique codes, references, periods, totals.

Each check yields ``(path, message)``, the path being the key the problem is about, so the
loader can name its line.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from .schema import (
    Assessment,
    AssessmentMilestone,
    AttendanceRate,
    Curriculum,
    CurriculumHours,
    FundsEarmark,
    LinkSchools,
    MemberAttendance,
    MemberCount,
    Policy,
    Round,
    SelectionCall,
    SiteFreshness,
    as_fraction,
)

Problem = tuple[tuple[str | int, ...], str]


def check_policy(policy: Policy) -> list[Problem]:
    return [
        *_unique(policy),
        *_references(policy),
        *_periods(policy),
        *_members(policy),
        *_training(policy),
        *_curriculum(policy.curriculum),
        *_naming(policy),
        *_selection(policy),
        *_assessment(policy),
        *_credits(policy),
        *_funding(policy),
        *_diagnosis(policy),
        *_site(policy),
        *_community(policy),
        *_rule_kinds(policy),
    ]


def _duplicates(section: str, codes: list[str], key: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            yield (
                (section, index, key),
                _("重复的标识“%(code)s”：同一节中每个标识只能出现一次") % {"code": code},
            )
        seen.add(code)


def _unique(policy: Policy) -> Iterator[Problem]:
    yield from _duplicates("rules", [rule.id for rule in policy.rules], "id")
    yield from _duplicates("activity_types", [t.code for t in policy.activity_types], "code")
    yield from _duplicates("deliverable_kinds", [k.code for k in policy.deliverable_kinds], "code")
    if policy.curriculum is not None:
        seen: set[str] = set()
        for s, series in enumerate(policy.curriculum.series):
            for t, topic in enumerate(series.topics):
                if topic.code in seen:
                    yield (
                        ("curriculum", "series", s, "topics", t, "code"),
                        _("重复的标识“%(code)s”：同一节中每个标识只能出现一次")
                        % {"code": topic.code},
                    )
                seen.add(topic.code)
    if policy.assessment is not None:
        grades = [grade.code for grade in policy.assessment.grades]
        for path, message in _duplicates("grades", grades, "code"):
            yield ("assessment", *path), message
    if policy.funding is not None:
        for section in ("sources", "categories"):
            codes = [item.code for item in getattr(policy.funding, section)]
            for path, message in _duplicates(section, codes, "code"):
                yield ("funding", *path), message


def _references(policy: Policy) -> Iterator[Problem]:
    activity_types = {t.code for t in policy.activity_types}
    deliverable_kinds = {k.code for k in policy.deliverable_kinds}
    topics = {t.code for t in policy.curriculum.topics} if policy.curriculum else set()
    for index, rule in enumerate(policy.rules):
        for j, code in enumerate(getattr(rule, "activity_types", ())):
            if code not in activity_types:
                yield (
                    ("rules", index, "activity_types", j),
                    _("未定义的活动类型“%(code)s”：请先在 [[activity_types]] 中声明")
                    % {"code": code},
                )
        kind_code = getattr(rule, "deliverable_kind", None)
        if kind_code is not None and kind_code not in deliverable_kinds:
            yield (
                ("rules", index, "deliverable_kind"),
                _("未定义的成果类型“%(code)s”：请先在 [[deliverable_kinds]] 中声明")
                % {"code": kind_code},
            )
        if isinstance(rule, CurriculumHours):
            if policy.curriculum is None:
                yield ("rules", index, "kind"), _("学时规则需要 [curriculum] 一节")
            for j, code in enumerate(rule.topics):
                if policy.curriculum is not None and code not in topics:
                    yield (
                        ("rules", index, "topics", j),
                        _("未定义的课程专题“%(code)s”：请先在 [curriculum] 中声明")
                        % {"code": code},
                    )
    if policy.funding is not None:
        categories = {c.code for c in policy.funding.categories}
        for s, source in enumerate(policy.funding.sources):
            for j, code in enumerate(source.categories):
                if code not in categories:
                    yield (
                        ("funding", "sources", s, "categories", j),
                        _("未定义的支出类别“%(code)s”：请先在 [[funding.categories]] 中声明")
                        % {"code": code},
                    )


def _periods(policy: Policy) -> Iterator[Problem]:
    calendar = policy.calendar
    stages = {stage.code for stage in calendar.stages}
    for index, rule in enumerate(policy.rules):
        period = getattr(rule, "period", None)
        if period == "semester" and not calendar.semesters:
            yield (
                ("rules", index, "period"),
                _("按学期计的规则需要在 [calendar] 中声明学期（[[calendar.semesters]]）"),
            )
        elif period == "year" and calendar.cycle_months < 12:
            yield ("rules", index, "period"), _("周期不足一年，不能按年计")
        elif period == "stage" and not calendar.stages:
            yield (
                ("rules", index, "period"),
                _("按阶段计的规则需要在 [calendar] 中划分阶段（[[calendar.stages]]）"),
            )
        if rule.skip_periods == "touching_exclusions" and period in (None, "cycle"):
            yield (
                ("rules", index, "skip_periods"),
                _("touching_exclusions 只用于分时段的规则（按周、月、季度等计），不用于整个周期"),
            )
        if rule.stages and period != "stage":
            yield (
                ("rules", index, "stages"),
                _('只有按阶段计的规则（period = "stage"）才能指定阶段'),
            )
        for j, code in enumerate(rule.stages):
            if calendar.stages and code not in stages:
                yield (
                    ("rules", index, "stages", j),
                    _("未定义的阶段“%(code)s”：请先在 [[calendar.stages]] 中声明") % {"code": code},
                )
    yield from _stages(policy)
    for index, span in enumerate(calendar.excluded):
        fixed = span.from_ is not None and span.to is not None
        if fixed == (span.movable is not None) or (span.from_ is None) != (span.to is None):
            yield (
                ("calendar", "excluded", index),
                _("排除时段须写 from 与 to（固定日期），或只写 movable（如春节）"),
            )


def _stages(policy: Policy) -> Iterator[Problem]:
    """Each stage by semesters or by months, first before last, inside the cycle, in order and
    not overlapping the one before."""
    calendar = policy.calendar
    yield from (
        (("calendar", *path), message)
        for path, message in _duplicates("stages", [s.code for s in calendar.stages], "code")
    )
    # The semesters a cycle holds: the policy's semesters a year, over the cycle's years.
    semesters = -(-len(calendar.semesters) * calendar.cycle_months // 12)
    previous = None  # the stage before: (its index, its unit, its last semester or month)
    for index, stage in enumerate(calendar.stages):
        at = ("calendar", "stages", index)
        if (stage.semesters is None) == (stage.months is None):
            yield (
                at,
                _("阶段须写 semesters（第几学期至第几学期）或 months（第几月至第几月），只写其一"),
            )
            continue
        unit = "semesters" if stage.semesters is not None else "months"
        first, last = stage.semesters or stage.months
        if first > last:
            yield (
                (*at, unit),
                _("阶段的起点 %(first)d 在终点 %(last)d 之后")
                % {
                    "first": first,
                    "last": last,
                },
            )
            continue
        if unit == "semesters" and not calendar.semesters:
            yield (
                (*at, unit),
                _("按学期划分阶段需要在 [calendar] 中声明学期（[[calendar.semesters]]）"),
            )
            continue
        total = semesters if unit == "semesters" else calendar.cycle_months
        if last > total:
            message = (
                _("周期内只有 %(n)d 个学期，阶段不能到第 %(last)d 个学期")
                if unit == "semesters"
                else _("周期只有 %(n)d 个月，阶段不能到第 %(last)d 个月")
            )
            yield (*at, unit), message % {"n": total, "last": last}
        if previous is not None and previous[1] == unit and first <= previous[2]:
            yield (*at, unit), _("阶段须按先后排列、互不重叠：本阶段开始于上一阶段结束之前")
        previous = (index, unit, last)


def _training(policy: Policy) -> Iterator[Problem]:
    if policy.training is not None and policy.policy.subject != "trainee":
        yield (
            ("training",),
            _('[training] 一节只适用于按培养人选管理的项目（policy.subject = "trainee"）'),
        )


def _members(policy: Policy) -> Iterator[Problem]:
    members = policy.members
    if members is not None and members.min and members.max and members.min > members.max:
        yield (
            ("members", "min"),
            _("人数下限 %(min)d 大于上限 %(max)d")
            % {
                "min": members.min,
                "max": members.max,
            },
        )
    for index, rule in enumerate(policy.rules):
        if isinstance(rule, MemberCount) and (
            members is None or (members.min is None and members.max is None)
        ):
            yield ("rules", index, "kind"), _("人数规则需要 [members] 中的 min 或 max")


def _curriculum(curriculum: Curriculum | None) -> Iterator[Problem]:
    if curriculum is None:
        return
    total = sum(topic.hours for topic in curriculum.topics)
    if total != curriculum.total_hours:
        yield (
            ("curriculum", "total_hours"),
            _("各专题学时之和为 %(sum)d，与声明的总学时 %(total)d 不符")
            % {"sum": total, "total": curriculum.total_hours},
        )


def _naming(policy: Policy) -> Iterator[Problem]:
    naming = policy.naming
    if naming is None:
        return
    for field in ("studio", "studio_en"):
        pattern = getattr(naming, field)
        if pattern is None:
            continue
        rest = pattern.replace("{host}", "")
        if "{host}" not in pattern or "{" in rest or "}" in rest:
            yield ("naming", field), _("名称模板须含且只含占位符 {host}（主持人姓名）")


def _selection(policy: Policy) -> Iterator[Problem]:
    yield from _duplicates("selection", [call.code for call in policy.selection], "code")
    for index, call in enumerate(policy.selection):
        yield from _selection_call(policy, index, call)


def _selection_call(policy: Policy, index: int, call: SelectionCall) -> Iterator[Problem]:
    for section, codes in (
        ("conditions", [c.code for c in call.conditions]),
        ("attachments", [a.code for a in call.attachments]),
        ("rubric", [c.code for c in call.rubric]),
    ):
        for path, message in _duplicates(section, codes, "code"):
            yield ("selection", index, *path), message
    if call.experts_per_application and not call.rubric:
        yield (
            ("selection", index, "experts_per_application"),
            _("专家评审需要评分细则：请在 [[selection.rubric]] 中列出评分项"),
        )
    if call.rubric and not call.experts_per_application:
        yield (
            ("selection", index, "rubric"),
            _("写了评分细则却没有专家评审：请设 experts_per_application"),
        )
    expected = "studio" if call.purpose in ("hosts", "members") else "trainee"
    if policy.policy.subject != expected:
        yield (
            ("selection", index, "purpose"),
            _("遴选用途“%(purpose)s”与本政策的考核对象不符") % {"purpose": call.purpose},
        )


def _assessment(policy: Policy) -> Iterator[Problem]:
    assessment = policy.assessment
    if assessment is None:
        return
    for section, codes in (
        ("rounds", [item.code for item in assessment.rounds]),
        ("rubric", [item.code for item in assessment.rubric]),
        ("survey", [item.code for item in assessment.survey]),
    ):
        for path, message in _duplicates(section, codes, "code"):
            yield ("assessment", *path), message
    yield from _rubric(assessment)
    grades = {grade.code for grade in assessment.grades}
    stages = {stage.code for stage in policy.calendar.stages}
    for index, item in enumerate(assessment.rounds):
        yield from _round_stage(item, ("assessment", "rounds", index), stages)
        for g, code in enumerate(item.grades):
            if code not in grades:
                yield (
                    ("assessment", "rounds", index, "grades", g),
                    _("等次“%(code)s”未在 grades 中声明") % {"code": code},
                )
        if item.assessed_by == "experts" and not assessment.rubric:
            yield (
                ("assessment", "rounds", index, "assessed_by"),
                _("专家评审需要评分细则：请在 [[assessment.rubric]] 中列出评分项"),
            )
        if item.survey and (item.subjects != "studios" or not assessment.survey):
            yield (
                ("assessment", "rounds", index, "survey"),
                _("只有工作室考核可以调查成员，且须在 [[assessment.survey]] 中列出问题"),
            )
        if item.assessed_by == "host" and item.subjects != "members":
            yield (
                ("assessment", "rounds", index, "assessed_by"),
                _("主持人只考核本工作室成员：subjects 须为 members"),
            )


def _round_stage(item: Round, at: tuple, stages: set[str]) -> Iterator[Problem]:
    if item.period == "stage" and item.stage is None:
        yield (*at, "period"), _('按阶段的考核（period = "stage"）须写 stage = "阶段标识"')
    elif item.stage is not None and item.period != "stage":
        yield (*at, "stage"), _('只有按阶段的考核（period = "stage"）才能指定阶段')
    elif item.stage is not None and item.stage not in stages:
        yield (
            (*at, "stage"),
            _("未定义的阶段“%(code)s”：请先在 [[calendar.stages]] 中声明") % {"code": item.stage},
        )


def _rubric(assessment: Assessment) -> Iterator[Problem]:
    if assessment.rubric and sum(item.weight for item in assessment.rubric) != 100:
        yield (
            ("assessment", "rubric"),
            _("评分细则各项权重之和须为 100"),
        )
    grades = {grade.code for grade in assessment.grades}
    methods = set(assessment.methods)
    for index, item in enumerate(assessment.rubric):
        for m, method in enumerate(item.methods):
            if method not in methods:
                yield (
                    ("assessment", "rubric", index, "methods", m),
                    _("考核方式“%(method)s”未在 methods 中声明") % {"method": method},
                )
        for d, level in enumerate(item.levels):
            if level.grade not in grades:
                yield (
                    ("assessment", "rubric", index, "levels", d, "grade"),
                    _("等次“%(code)s”未在 grades 中声明") % {"code": level.grade},
                )
    thresholds = [grade.at_least for grade in assessment.grades if grade.at_least is not None]
    if len(thresholds) != len(set(thresholds)):
        yield (("assessment", "grades"), _("两个等次的分数线相同：每个等次的 at_least 须不同"))


def _credits(policy: Policy) -> Iterator[Problem]:
    if policy.credits is None:
        return
    for index, column in enumerate(policy.credits.columns):
        if column.key in [c.key for c in policy.credits.columns[:index]]:
            yield (
                ("credits", "columns", index, "key"),
                _("学分文件的列“%(key)s”重复") % {"key": column.key},
            )


def _funding(policy: Policy) -> Iterator[Problem]:
    funding = policy.funding
    subject = policy.policy.subject
    if funding is not None:
        for s, source in enumerate(funding.sources):
            if source.holder == "cohort" and subject != "trainee":
                yield (
                    ("funding", "sources", s, "holder"),
                    _(
                        '由培训班持有的经费（holder = "cohort"）只用于培训项目（subject = "trainee"）'
                    ),
                )
            if source.per == "studio" and source.holder != "centre":
                yield (
                    ("funding", "sources", s, "per"),
                    _(
                        '按工作室分列（per = "studio"）只用于培训中心持有的经费（holder = "centre"）'
                    ),
                )
            if source.per == "studio" and subject != "studio":
                yield (
                    ("funding", "sources", s, "per"),
                    _('按工作室分列（per = "studio"）只适用于工作室项目（subject = "studio"）'),
                )
            if source.period == "once" and source.year_end == "carry":
                yield (
                    ("funding", "sources", s, "year_end"),
                    _(
                        '一次性经费（period = "once"）没有下一年度，不能结转；请写 year_end = "return"'
                    ),
                )
    for index, rule in enumerate(policy.rules):
        if not isinstance(rule, FundsEarmark):
            continue
        if subject != "studio":
            yield ("rules", index, "kind"), _("经费专款专用规则只适用于工作室项目")
        if funding is None:
            yield ("rules", index, "kind"), _("经费专款专用规则需要 [funding] 一节")
            continue
        codes = {source.code for source in funding.sources}
        for j, code in enumerate(rule.sources):
            if code not in codes:
                yield (
                    ("rules", index, "sources", j),
                    _("未定义的经费来源“%(code)s”：请先在 [[funding.sources]] 中声明")
                    % {"code": code},
                )


def _diagnosis(policy: Policy) -> Iterator[Problem]:
    diagnosis = policy.diagnosis
    if diagnosis is None:
        return
    if policy.policy.subject != "studio":
        yield ("diagnosis", "clause"), _("入校诊断轮换（[diagnosis]）只适用于工作室项目")
    if policy.activity_type(diagnosis.activity_type) is None:
        yield (
            ("diagnosis", "activity_type"),
            _("未定义的活动类型“%(code)s”：请先在 [[activity_types]] 中声明")
            % {"code": diagnosis.activity_type},
        )
    yield from (
        (("diagnosis", *path), message)
        for path, message in _duplicates("items", [i.code for i in diagnosis.items], "code")
    )


def _site(policy: Policy) -> Iterator[Problem]:
    site = policy.site
    if site is not None:
        for section in ("columns", "post_kinds"):
            codes = [item.code for item in getattr(site, section)]
            for path, message in _duplicates(section, codes, "code"):
                yield ("site", *path), message
    for index, rule in enumerate(policy.rules):
        if not isinstance(rule, SiteFreshness):
            continue
        if policy.policy.subject != "studio":
            yield ("rules", index, "kind"), _("工作室网站更新规则只适用于工作室项目")
        if site is None:
            yield ("rules", index, "kind"), _("工作室网站更新规则需要 [site] 一节")
            continue
        for j, code in enumerate(rule.columns):
            if site.column(code) is None:
                yield (
                    ("rules", index, "columns", j),
                    _("未定义的栏目“%(code)s”：请先在 [[site.columns]] 中声明") % {"code": code},
                )


def _community(policy: Policy) -> Iterator[Problem]:
    community = policy.community
    if community is not None and policy.activity_type(community.activity_type) is None:
        yield (
            ("community", "activity_type"),
            _("未定义的活动类型“%(code)s”：请先在 [[activity_types]] 中声明")
            % {"code": community.activity_type},
        )


def _rule_kinds(policy: Policy) -> Iterator[Problem]:
    """What the newer rule kinds need of the rest of the document."""
    studio = policy.policy.subject == "studio"
    for index, rule in enumerate(policy.rules):
        if isinstance(rule, MemberAttendance) and not studio:
            yield ("rules", index, "kind"), _("成员出勤规则只适用于工作室项目")
        if isinstance(rule, AttendanceRate) and as_fraction(rule.at_least) == 0:
            yield ("rules", index, "at_least"), _("出勤率下限须大于 0")
        if isinstance(rule, LinkSchools):
            most = rule.schools_at_most
            if most is not None and rule.schools_at_least > most:
                yield (
                    ("rules", index, "schools_at_most"),
                    _("联系学校数上限 %(most)d 小于下限 %(least)d")
                    % {"most": most, "least": rule.schools_at_least},
                )
        if isinstance(rule, AssessmentMilestone):
            yield from _milestone(policy, index, rule)
    links = [i for i, rule in enumerate(policy.rules) if isinstance(rule, LinkSchools)]
    for index in links[1:]:
        yield ("rules", index, "kind"), _("一份政策只能有一条联系学校规则")


def _milestone(policy: Policy, index: int, rule: AssessmentMilestone) -> Iterator[Problem]:
    stages = {stage.code for stage in policy.calendar.stages}
    if rule.stage not in stages:
        yield (
            ("rules", index, "stage"),
            _("未定义的阶段“%(code)s”：请先在 [[calendar.stages]] 中声明") % {"code": rule.stage},
        )
    found = policy.assessment.round(rule.round) if policy.assessment else None
    if found is None:
        yield (
            ("rules", index, "round"),
            _("未定义的考核类别“%(code)s”：请先在 [[assessment.rounds]] 中声明")
            % {"code": rule.round},
        )
        return
    if found.period != "stage" or found.stage != rule.stage:
        yield (
            ("rules", index, "round"),
            _('考核类别“%(code)s”须按阶段（period = "stage"）开展，且其阶段为“%(stage)s”')
            % {"code": rule.round, "stage": rule.stage},
        )
