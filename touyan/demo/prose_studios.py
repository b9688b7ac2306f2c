"""What a Hainan host writes in the studio's prospectus (HN-3.5): the goals, what is particular
about the studio, a plan for each year of the cycle under the programme's theme, who may apply
and what is asked of members. Each studio has its own focus; the sentences around it vary."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Focus:
    topic: str  # what the studio works on, e.g. 县域普通高中课堂教学质量提升
    strength: str  # what the base school is known for, said of it
    outcome: str  # the studio's result the members help write


FOCUS: dict[str, Focus] = {
    "海南中学": Focus(
        "学校文化引领下的普通高中育人方式变革",
        "以“以文化人”的学校文化建设和拔尖创新人才培养见长，多年承担全省校长跟岗研修任务",
        "普通高中学校文化建设案例集",
    ),
    "嘉积中学": Focus(
        "县域普通高中课堂教学质量提升",
        "扎根县域办学，课堂教学改革和教研组建设经验在全省推广",
        "县域高中课堂教学改进案例集",
    ),
    "文昌中学": Focus(
        "侨乡文化传承与学校特色发展",
        "百年侨校，侨乡文化育人和航天科普教育特色鲜明",
        "侨乡学校特色发展案例集",
    ),
    "海南华侨中学": Focus(
        "选课走班背景下的普通高中教学管理",
        "率先在全省推行选课走班和学生发展指导，形成了一套走班教学管理制度",
        "选课走班教学管理制度汇编",
    ),
    "三亚市第一中学": Focus(
        "自由贸易港建设背景下的国际理解教育",
        "地处国际旅游城市，国际理解教育和双语课程建设起步早",
        "国际理解教育课程资源包",
    ),
    "儋州市第一中学": Focus(
        "普通高中新课程新教材实施与教研转型",
        "西部地区的省级示范性高中，新课程新教材实施示范校",
        "新课程新教材实施典型课例集",
    ),
    "琼中中学": Focus(
        "民族地区农村学校文化建设",
        "民族地区的寄宿制完全中学，黎苗文化进校园、女子足球育人成效显著",
        "民族地区学校文化建设研究报告",
    ),
    "东方中学": Focus(
        "薄弱学校改进与青年教师培养",
        "长期结对帮扶西部市县农村学校，青年教师培养机制完善",
        "薄弱学校改进行动方案汇编",
    ),
    "海口市第一中学": Focus(
        "现代学校治理与集团化办学",
        "作为教育集团龙头校，探索出“一长多校、资源共享”的集团管理模式",
        "集团化办学管理制度与案例汇编",
    ),
    "海南师范大学附属中学": Focus(
        "校本研修与教师专业发展",
        "依托高校开展校本研修，教师发展学校建设经验丰富",
        "校本研修优秀案例集",
    ),
    "儋州市第二中学": Focus(
        "县域学校课程建设与特色课程开发",
        "开发了以儋州调声、东坡文化为主题的系列校本课程",
        "县域学校特色课程纲要汇编",
    ),
    "万宁中学": Focus(
        "五育并举与体育艺术特色建设",
        "冲浪、排球等体育特色项目带动学校整体发展",
        "五育并举育人体系建设方案汇编",
    ),
    "澄迈中学": Focus(
        "家校社协同育人机制建设",
        "家长学校和社区共建工作获评省级示范",
        "家校社协同育人案例集",
    ),
    "乐东中学": Focus(
        "民族地区学生发展指导",
        "在民族地区较早建立学生发展指导中心，生涯教育成效明显",
        "学生发展指导工作手册",
    ),
    "五指山中学": Focus(
        "山区学校生态文明教育与劳动教育",
        "依托热带雨林资源开展生态文明教育和劳动实践",
        "生态文明教育校本课程集",
    ),
    "陵水中学": Focus(
        "县域初高中衔接与教学质量监测",
        "建立了县域初高中衔接教学和质量监测的工作机制",
        "县域教学质量监测报告汇编",
    ),
}

DEFAULT_FOCUS = Focus(
    "学校发展规划与办学行为改进",
    "办学规范，学校发展规划编制和实施经验较为丰富",
    "学校发展规划案例集",
)

GOALS = (
    "围绕“{topic}”，用三年时间帮助成员厘清本校的办学理念和发展定位，提升课程领导力，"
    "提炼各自的办学思想。周期结束时，每位成员完成个人成长方案、学校中长期发展规划和"
    "办学行为改进方案，工作室形成《{outcome}》，并完成一项省级或市级课题。",
    "以“{topic}”为主线，把成员培养和成员学校的改进结合起来：三年内每所成员学校接受一次"
    "入校诊断并落实改进方案，成员在市县以上作专题发言不少于一次；工作室编印《{outcome}》，"
    "带动{area}及周边市县的农村学校、薄弱学校共同发展。",
    "聚焦“{topic}”，建设一支善于学习、勇于实践、能够引领区域发展的中学校长团队。"
    "三年中成员完成学校发展规划和改进方案，主持或参与一项课题，形成《{outcome}》；"
    "工作室每年至少开展一次送培下乡或结对帮扶。",
)

FEATURES_OPENING = (
    "工作室依托{base_title}{school}。{school}{strength}。",
    "{school}是{base_title}，{strength}，为成员跟岗学习提供了现场。",
)

FEATURES_MIDDLE = (
    "坚持问题导向：主持人带领成员走进每一所成员学校，通过听课、座谈、查阅资料进行诊断，"
    "诊断意见当场反馈，成员据此修订本校改进方案。",
    "坚持“研训一体”：每月一次专题研讨由成员学校轮流承办，主题来自承办学校的真实问题，"
    "研讨后成员撰写反思，在网络研修社区交流。",
    "坚持“课题带动”：围绕工作室课题分设子课题，成员各领一项，在本校开展行动研究，"
    "以研究成果推动学校改进。",
    "线上线下结合：在网络研修社区开设工作室专栏，开展读书交流和案例研讨，方便市县成员就近参与。",
)

FEATURES_CLOSING = (
    "工作室与省内外名校建立合作关系，每学期组织一次集中研修或外出跟岗。",
    "工作室每年组织成员送培下乡，与{area}周边的农村学校结对，把研修成果带到基层。",
    "工作室实行成员成长档案制度，记录每位成员的学习、实践和成果，作为考核依据。",
)

YEAR_ONE = {
    "new": (
        "组建工作室，制订工作制度和三年计划；成员完成个人成长方案。以学校文化诊断为重点，"
        "每学期走进三至四所成员学校，结合“{topic}”形成诊断报告。",
        "建立工作室工作制度和成员成长档案；开展成员学校入校诊断，帮助成员梳理办学传统和"
        "育人目标，完成学校中长期发展规划；围绕“{topic}”完成课题开题论证。",
    ),
    "carried": (
        "总结上一周期的经验，修订工作制度和三年计划；新老成员结对，新成员完成个人成长方案，"
        "新成员学校接受入校诊断；围绕“{topic}”确定新周期的课题。",
        "在上一周期基础上调整研修重点：开展成员学校入校诊断，帮助新成员梳理办学传统和"
        "育人目标，老成员修订学校发展规划；围绕“{topic}”开展专题研讨，完成课题开题论证。",
    ),
}

YEAR_PLANS = (
    (),  # the first year: ``YEAR_ONE``
    (
        "以课堂为主阵地，聚焦“{topic}”开展课例研究和跟岗实践；成员学校落实办学行为改进"
        "方案，工作室组织一次联合研修和一次送培下乡。",
        "组织成员到省外名校跟岗，围绕“{topic}”开展课题中期研究；每位成员在本校主持一项"
        "课程或教学改进项目，学期末交流成效。",
    ),
    (
        "总结三年实践，指导成员提炼办学思想，编印《{outcome}》；开展成果展示和送培下乡，"
        "完成课题结题。",
        "成员撰写办学思想论文和改革案例，工作室完成《{outcome}》；举办成果展示活动，"
        "与结对的农村学校、薄弱学校分享经验，完成考核评估。",
    ),
)

CONDITIONS = (
    "海南省在职在岗的中学校长（含党组织书记、副校长），{stages}；热爱教育事业，有改进"
    "学校的愿望和一定的研究基础。{area}及周边市县的校长优先。",
    "面向全省{stages}的校长和党组织书记，任现职满两年，学校管理规范；关注“{topic}”，"
    "愿意在本校开展实践研究。就近原则，{area}及邻近市县优先。",
    "海南省中学校长（含党组织书记、副校长），{stages}；积极进取，虚心好学，具有团队合作"
    "精神，能保证参加工作室的各项活动。",
)

REQUIREMENTS = (
    "服从工作室的统一安排，每月参加一次专题研讨，每学期参加集中研修；三年内完成个人成长"
    "方案、学校中长期发展规划和办学行为改进方案，接受一次入校诊断；承担至少一项子课题。",
    "按时参加工作室活动，因故不能参加须事先请假；每学期提交一篇研修反思，每学年在工作室"
    "或市县作一次专题发言；积极参加送培下乡和结对帮扶。",
    "遵守工作室工作制度，按计划完成研修任务和成果；本校承办至少一次工作室活动；"
    "周期结束时提交三年研修总结，参加考核评估。",
)


def stages_text(senior_only: bool) -> str:
    return "限普通高中和完全中学" if senior_only else "初中、高中和完全中学均可"


def prospectus(
    rng: random.Random,
    *,
    school: str,
    base_title: str,
    area: str,
    senior_only: bool,
    carried: bool,
    themes: list[str],
) -> dict:
    """The prospectus text for ``save_prospectus``: goals, features, conditions, requirements
    and one plan per theme (the programme's year themes, in order); ``carried`` for a studio
    continuing from the last cycle."""
    focus = FOCUS.get(school, DEFAULT_FOCUS)
    words = {
        "topic": focus.topic,
        "strength": focus.strength,
        "outcome": focus.outcome,
        "school": school,
        "base_title": base_title or "实践基地",
        "area": area,
        "stages": stages_text(senior_only),
    }
    features = [
        rng.choice(FEATURES_OPENING),
        *rng.sample(FEATURES_MIDDLE, 2),
        rng.choice(FEATURES_CLOSING),
    ]
    return {
        "goals": rng.choice(GOALS).format(**words),
        "features": "\n".join(text.format(**words) for text in features),
        "conditions": rng.choice(CONDITIONS).format(**words),
        "requirements": rng.choice(REQUIREMENTS).format(**words),
        "plan": [
            {"year": year, "theme": theme, "plan": rng.choice(plans).format(**words)}
            for year, theme in enumerate(themes, start=1)
            for plans in [
                YEAR_ONE["carried" if carried else "new"]
                if year == 1
                else YEAR_PLANS[min(year, len(YEAR_PLANS)) - 1]
            ]
        ],
    }


# What member applicants declare against the call's two conditions (HN-3.10).
MEMBER = {
    "eagerness": (
        "本人积极进取，虚心好学，任职以来坚持参加各级校长培训，乐于与同行合作交流。",
        "本人热爱教育事业，有强烈的专业发展愿望，善于学习借鉴，能与团队成员合作共进。",
        "本人勤于学习、勇于创新，在学校推进了课堂教学和管理制度改革，具有团队合作精神。",
    ),
    "capacity": (
        "本人主持或参与过市县级课题研究，能够按要求完成工作室的学习任务和成果。",
        "本人具有一定的学习和教育科研能力，保证按时参加工作室活动，履行成员职责。",
        "本人有撰写学校发展规划和教研论文的经历，能完成研修任务，承担子课题研究。",
    ),
}


def member_statements(rng: random.Random) -> dict[str, str]:
    return {code: rng.choice(texts) for code, texts in MEMBER.items()}
