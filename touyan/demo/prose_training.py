"""Chinese text for the trainees' writing: development plans, study logs, talks, study-trip
reports, papers and the long research report (HZ-3.4.2: 不少于10000字).

Documents that must reach a length grow a paragraph (or a case) at a time until they do, so a
report meant to fall short of the rule is short by a plausible margin, not by a truncation.
"""

import datetime as dt
import random
from collections.abc import Callable

from touyan.people.enums import SchoolKind
from touyan.programmes.calendar import add_months
from touyan.records.text import char_count

from .naming import chinese_number
from .prose import SCHOOL_PROJECTS, numbered, pick

GRADES = {
    SchoolKind.KINDERGARTEN: ("小班", "中班", "大班"),
    SchoolKind.PRIMARY: ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级"),
    SchoolKind.JUNIOR: ("七年级", "八年级", "九年级"),
    SchoolKind.SENIOR: ("高一年级", "高二年级", "高三年级"),
    SchoolKind.NINE_YEAR: ("四年级", "五年级", "六年级", "七年级", "八年级"),
    SchoolKind.COMPLETE: ("七年级", "八年级", "高一年级", "高二年级"),
    SchoolKind.TWELVE_YEAR: ("五年级", "七年级", "八年级", "高一年级"),
}
SUBJECTS = {
    SchoolKind.KINDERGARTEN: ("语言", "科学", "艺术", "健康", "社会"),
    SchoolKind.PRIMARY: ("语文", "数学", "英语", "科学", "道德与法治"),
}
OTHER_SUBJECTS = ("语文", "数学", "英语", "科学", "道德与法治", "历史")
TEACHERS = ("王丽", "陈静", "张建", "周红", "徐敏", "金晓燕", "沈伟", "俞佳", "楼琳", "方明")
SURNAMES = "王陈张李徐周金沈俞楼"


# study logs ---------------------------------------------------------------------------------

_HEARD = (
    "专家的报告让我重新审视了学校管理中习以为常的做法，很多问题的根子在理念上。",
    "课后与同组学员交流，大家对“校长究竟应该把主要精力放在哪里”有了更清晰的共识。",
    "讲座中提到的案例与我校正在推进的改革十分相近，回校后准备组织中层干部专题学习。",
    "学校治理不仅是制度设计，更是文化建设，制度只有被师生认同才能真正发挥作用。",
    "今天的研讨让我意识到，校长的专业领导首先体现在对课堂的理解和引领上。",
    "教育家精神不是遥不可及的口号，而是体现在每一天对教育的坚守和对学生的关爱之中。",
    "小组讨论时各位校长分享的经验各有特色，我记录了十余条可以借鉴的做法。",
    "专家提出的“把复杂问题结构化”的思考方法，对我梳理学校发展中的矛盾很有帮助。",
)
_SEEN = (
    "考察单位把创新作为组织文化的核心，鼓励试错、快速迭代，这一点对学校管理同样有启发。",
    "数据驱动的管理方式值得学习，我校在学业质量监测数据的运用上还比较粗放。",
    "考察中看到的人才培养机制，正好回应了我校青年教师成长慢的问题。",
    "现场看到的很多做法都有清晰的流程和标准，执行力来自制度，也来自共同的目标。",
    "与一线管理者的交流让我看到，管理的精细化最终要落在每个人每天的工作上。",
)
_NEXT = (
    "回校后，我将把今天的学习内容在行政会上分享，并组织相关部门研究落实。",
    "下一步准备结合学校三年发展规划，对相关工作重新梳理。",
    "我把学习笔记整理后发到了工作室群，请成员校长一起讨论。",
    "计划在下学期的教师培训中设置专题，把学到的方法转化为全校的行动。",
)


def study_log(rng: random.Random, session: str, place: str, date_text: str, visit: bool) -> str:
    thoughts = pick(rng, _SEEN, 2) + pick(rng, _HEARD, 1) if visit else pick(rng, _HEARD, 3)
    return (
        f"{date_text}，参加“{session}”学习活动（{place}）。\n\n"
        f"{''.join(thoughts)}\n\n{rng.choice(_NEXT)}"
    )


# talks and papers ---------------------------------------------------------------------------

_RESULTS = (
    "三年来，学校教师在市级以上教学比赛中获奖二十余人次，区级以上骨干教师比例明显提高。",
    "学生综合素质评价优秀率逐年上升，学校社团活动多次在市级比赛中获奖。",
    "家长满意度调查连续三年保持在百分之九十五以上。",
    "学校先后承办市级现场会两次，接待省内外兄弟学校考察交流三十余批次。",
)


def exchange_report(rng: random.Random, occasion: str, school: str) -> str:
    points = numbered(pick(rng, SCHOOL_PROJECTS, 3))
    results = "".join(pick(rng, _RESULTS, 2))
    return f"""在{occasion}上的交流发言

各位同仁：

很高兴有机会与大家交流{school}近年来的办学实践。我们的做法主要有以下几点：
{points}

这些做法带来了一些积极的变化。{results}

当然，我们也清醒地看到，改革还有很多需要深化的地方。以上是我校的一些粗浅做法，不当之处请大家批评指正。
"""


_PAPER_PARTS = (
    (
        "办学思想的形成",
        (
            "我的办学思想不是从书本上得来的，而是在二十多年的教育实践中逐步形成的。从普通教师到中层干部，再到校长，我始终在思考一个问题：学校究竟应该给孩子留下什么。",
            "担任校长后，我和班子成员一起梳理学校的办学传统，走访退休教师和历届校友，发现学校最珍贵的传统，是对每一个学生的关注与尊重。",
        ),
    ),
    (
        "办学思想的内涵",
        (
            "“让每一个孩子都被看见”，首先是看见孩子的差异。每个孩子的起点、兴趣和节奏都不同，学校的责任是为不同的孩子提供适合的教育。",
            "其次是看见孩子的成长。评价不只是甄别和选拔，更重要的是记录和激励，让孩子在每一次进步中获得继续前行的力量。",
            "再次是看见孩子的未来。今天的学习要为孩子终身发展奠基，学校既要重视学业质量，也要重视品格、健康和劳动习惯的养成。",
        ),
    ),
    (
        "办学思想的实践路径",
        (
            "以课程落实思想。学校构建了基础课程、拓展课程和特色课程相结合的课程体系，拓展课程由学生自主选择，每学期开设四十余门。",
            "以课堂体现思想。学校推行“以学定教”的课堂改革，要求每节课都有面向不同层次学生的学习任务，课堂上学生的活动时间不少于一半。",
            "以制度保障思想。学校修订了学生评价办法，建立学生成长档案，把过程性评价纳入学期综合评定。",
            "以教师发展支撑思想。学校实施青蓝结对和名师工作室计划，教师在研究学生中提高专业能力。",
        ),
    ),
    (
        "成效与反思",
        (
            "几年来，学校的办学思想逐步成为师生的共同认同，学生的学习兴趣和综合素质明显提升，学校的社会声誉不断提高。",
            "同时我也认识到，办学思想的落实是一个长期过程，需要不断在实践中检验和完善，更需要一代代教师的接力坚守。",
        ),
    ),
)


def paper(rng: random.Random, title: str, school: str) -> str:
    sections = "\n\n".join(
        f"{chinese_number(i + 1)}、{heading}\n" + "\n".join(paragraphs)
        for i, (heading, paragraphs) in enumerate(_PAPER_PARTS)
    )
    return (
        f"{title}\n\n{school}\n\n"
        f"摘要：本文结合{school}的办学实践，梳理了校长办学思想形成与落实的过程，"
        "提出以课程、课堂、制度和教师发展为载体推进办学思想落地的路径。\n\n"
        f"关键词：办学思想；学校文化；课程建设；校长领导力\n\n{sections}"
    )


# the study-trip report (HZ-3.4.2: 不少于2000字) ----------------------------------------------

_STUDY_PARTS = (
    (
        "考察概况",
        (
            "本次研修共走访了五所学校，既有百年名校，也有近年新办的学校。每到一校，我们都听取校长的办学汇报，走进课堂听课，与教师和学生座谈，查阅课程方案和管理制度。",
            "研修采取“听、看、问、思”相结合的方式：听校长讲办学故事，看课堂和校园，问管理中的具体做法，回到住地后小组讨论、每天撰写日志。",
            "研修前，培训中心组织我们研读了考察学校的发展规划和课程方案，每人带着本校的一个问题出发，研修中有针对性地观察和提问。",
            "研修期间，我们共听课十二节，参加教研活动三次，与考察学校的中层干部、教研组长和青年教师座谈五场，收集了大量第一手资料。",
        ),
    ),
    (
        "主要见闻",
        (
            "考察学校普遍把课程建设作为学校发展的核心，课程图谱清晰，国家课程校本化实施有具体方案，选修课程和社团课程由学生自主选择，课程评价有标准、有记录。",
            "这些学校的教研组建设很扎实。每周固定的教研时间雷打不动，集体备课有主备人、有研讨记录、有课后反思，新教师在一至两年内就能站稳讲台。",
            "学校治理结构比较完善，教职工代表大会、家长委员会和学生会都有实际的议事权，学校重大事项都经过充分讨论，制度执行得好，师生认同度高。",
            "数字化在教学管理中用得很实：作业数据、课堂观察数据和学业质量监测数据汇集在一个平台上，教研组据此调整教学，校长据此做决策。",
            "学生活动丰富而有序，研学实践、志愿服务和劳动教育都有课程化的安排，学生在活动中表现出很强的自主性和组织能力。",
            "考察学校的课堂普遍以学生的学习任务为主线，教师讲得少而精，学生讨论、展示和互评的时间充足，课堂气氛活跃而不失秩序。",
            "学校对教师的评价不只看考试成绩，还看教师参与课程开发、指导学生活动和开展教学研究的情况，教师发展的通道比较宽。",
            "校园环境处处体现育人意图：走廊里陈列着学生的研究成果，图书馆全天开放，实验室和创客空间由学生社团参与管理。",
        ),
    ),
    (
        "体会与思考",
        (
            "名校之所以成为名校，关键在于有一以贯之的办学思想，并且把思想落实到课程、课堂和制度之中，久久为功，不因校长更替而改变方向。",
            "校长的专业领导力首先体现为课程领导力。校长要懂课程、进课堂，才能引领教师把育人目标转化为日常的教学行为。",
            "学校改革要有系统思维。单项改革容易见效，但只有课程、教学、评价和管理协同推进，改革成果才能稳固下来。",
            "教师是学校发展的第一资源。好的学校都在为教师创造成长的平台和空间，让教师在研究中成长、在成长中获得职业幸福感。",
            "好的制度不是越多越好，而是少而管用。考察学校的制度都经过反复讨论，条文简明，执行到位，师生把制度当作共同的约定。",
            "改革需要耐心。考察学校的很多做法都坚持了五年、十年，正是这种坚持，让改革从“校长的想法”变成了“学校的习惯”。",
        ),
    ),
    (
        "回校后的改进行动",
        (
            "回校后，我们将修订学校课程规划，构建“基础课程＋拓展课程＋特色课程”的课程体系，下学期先在两个年级试点。",
            "建立固定的教研时间和集体备课制度，实行教研组长负责制，每月进行一次教研活动质量评估。",
            "启动学校数字化管理平台建设，先从作业数据和课堂观察数据做起，逐步形成用数据改进教学的机制。",
            "完善学校议事规则，发挥教代会和家长委员会的作用，让更多的人参与学校发展的讨论。",
            "把研修所得在全校教师大会上分享，组织中层干部分组研读考察资料，各部门提出一项可落地的改进措施。",
            "与考察学校建立长期联系，选派青年教师前往跟岗学习，邀请对方名师来校指导。",
        ),
    ),
)
_VISITED = (
    "上海中学",
    "华东师范大学第二附属中学",
    "上海市建平中学",
    "上海市七宝中学",
    "上海市实验学校",
)
_CASES_SEEN = (
    "在{school}，我们观摩了一节{grade}{subject}课。教师以一个真实问题导入，学生分组探究、展示交流，教师只在关键处点拨。课后与执教教师交流得知，这节课经过备课组三轮打磨，每一轮都根据学生的学习表现调整任务设计。",
    "{school}的校长向我们介绍了学校的课程改革。改革先在一个年级试点，再逐步推开，过程中遇到过教师的不理解，也走过弯路，但学校始终坚持用数据说话、用成效凝聚共识，如今已经成为学校的品牌。",
    "在{school}的教研组活动中，{subject}组围绕“如何设计有层次的课堂练习”展开讨论。组长先呈现学生作业中的典型错误，再请大家分析原因、提出改进建议，最后形成下一周的教学调整方案。整个过程节奏紧凑，人人有任务。",
    "{school}的学生发展中心给我们留下了深刻印象。中心为每位学生建立成长档案，记录学业、活动和心理健康情况，班主任、任课教师和心理教师定期会商，及时为需要帮助的学生提供支持。",
    "{school}把劳动教育和研学实践纳入课程计划，每个年级都有固定的实践基地和课时。学生在农场、社区和企业中完成项目任务，撰写实践报告，并在年级展示会上汇报。",
    "在{school}，我们参加了一次教师沙龙。青年教师分享了自己的课堂改进故事，老教师给予点评和建议。学校把这样的沙龙作为教师发展的日常机制，每两周举行一次，已经坚持了六年。",
    "{school}的课程中心墙上挂着全校的课程图谱，每一门课程都标明了对应的育人目标、开设年级和评价方式。负责课程的副校长说，图谱每年修订一次，修订的依据是学生选课数据和课程评价结果。",
    "在{school}，我们随机走进{grade}的一个班级，学生正在进行小组合作学习。每个小组都有明确的分工，记录员、汇报员轮流担任，教师巡视时只提问、不代替。下课铃响，学生自发地整理学习单并交给课代表。",
    "{school}的校长每周至少听课五节，听课后当天与执教教师面对面交流。校长说，听课是了解学校最直接的办法，也是对教师最实在的支持，这个习惯他坚持了十几年。",
    "{school}的家长学校办得很有特色。学校每学期开设四次家长课程，由心理教师、班主任和家长志愿者共同授课，内容涉及亲子沟通、学习习惯和生涯规划，家长参与率很高。",
)


def _grow(parts: list[tuple[str, list[str]]], render: Callable[[list], str], min_chars: int) -> str:
    """Show one paragraph of each part, then add paragraphs (to the part showing fewest) until
    the text reaches ``min_chars`` or every paragraph is shown."""
    # Every step adds a paragraph, so the length only grows along the steps: the first step
    # long enough is found by halving rather than by counting the text at every step.
    shown = [1] * len(parts)
    steps = [tuple(shown)]
    while True:
        growing = [i for i, (_h, items) in enumerate(parts) if shown[i] < len(items)]
        if not growing:
            break
        shown[min(growing, key=lambda i: (shown[i], i))] += 1
        steps.append(tuple(shown))

    def text(step: int) -> str:
        counts = steps[step]
        return render([(heading, items[: counts[i]]) for i, (heading, items) in enumerate(parts)])

    low, high = 0, len(steps) - 1
    while low < high:
        middle = (low + high) // 2
        if char_count(text(middle)) < min_chars:
            low = middle + 1
        else:
            high = middle
    return text(low)


def _sections(parts) -> str:
    return "\n\n".join(
        f"{chinese_number(i + 1)}、{heading}\n" + "\n".join(items)
        for i, (heading, items) in enumerate(parts)
    )


def study_report(rng: random.Random, trip: str, school: str, min_chars: int) -> str:
    """A study-trip report of at least ``min_chars`` characters (up to about 2,600)."""
    visited = rng.sample(_VISITED, len(_VISITED))
    cases = [
        template.format(
            school=visited[i % len(visited)],
            grade=rng.choice(GRADES[SchoolKind.COMPLETE]),
            subject=rng.choice(OTHER_SUBJECTS),
        )
        for i, template in enumerate(rng.sample(_CASES_SEEN, len(_CASES_SEEN)))
    ]
    parts = [(heading, rng.sample(pool, len(pool))) for heading, pool in _STUDY_PARTS]
    parts.insert(2, ("典型案例", cases))
    return _grow(
        parts, lambda shown: f"{trip}研修报告\n\n{school}\n\n{_sections(shown)}", min_chars
    )


# the research report (HZ-3.4.2: 不少于10000字) ------------------------------------------------

_BACKGROUNDS = (
    "当前，基础教育已经进入高质量发展的新阶段。办好人民满意的教育，要求学校从规模发展转向内涵发展，从经验管理转向科学管理，从关注“教了什么”转向关注“学生学会了什么”。",
    "“双减”政策的实施和新课程方案的颁布，对学校的课程建设、课堂教学、作业管理和评价改革提出了新的更高要求，也为学校的改革发展提供了新的契机。",
    "我校是一所有着较长办学历史的学校，近年来生源结构和教师结构发生了较大变化，青年教师比例上升，原有的管理方式和教学方式已难以完全适应新的发展要求。",
    "从国内外研究看，关于{focus}的研究已有一定积累，但多数研究停留在理念层面，结合具体学校情境、可操作、可推广的实践研究还比较少。",
    "在前期调研中我们发现，教师对{focus}普遍认同，但在实际工作中缺少方法和抓手，做法零散，效果不稳定，学校层面也缺少系统的推进机制。",
)
_CONCEPTS = (
    "本研究所说的{focus}，是指学校在育人目标引领下，对相关要素进行系统设计、组织实施和持续改进的过程。它既包括制度层面的安排，也包括文化层面的认同，最终体现在学生的学习和成长上。",
    "本研究以系统论和学习型组织理论为理论基础。系统论要求我们把{focus}放在学校整体改革中来考察，处理好局部与整体的关系；学习型组织理论则提示我们，改进的动力来自教师的共同学习与反思。",
    "本研究借鉴“教、学、评一致性”的理论框架，把{focus}的质量标准分解为目标清晰、过程规范、评价及时、改进持续四个维度，作为设计策略和评价成效的依据。",
)
_METHODS = (
    (
        "文献研究法",
        "系统梳理国内外关于{focus}的研究文献和政策文件，明确研究的起点和方向，为研究设计提供理论依据。",
    ),
    (
        "调查研究法",
        "编制教师问卷、学生问卷和家长问卷，在研究前后各开展一次调查，并对部分教师和学生进行访谈，了解现状、需求和变化。",
    ),
    (
        "行动研究法",
        "以“计划—行动—观察—反思”为基本路径，在试点年级和学科中开展两轮行动研究，在实践中不断修正和完善策略。",
    ),
    (
        "案例研究法",
        "选取典型教研组、典型班级和典型学生作为个案，持续跟踪记录，分析策略实施的过程和效果。",
    ),
)
_SURVEY = (
    "课题组于研究初期对全校{teachers}名教师、{students}名学生和{parents}名家长进行了问卷调查，回收有效问卷{valid}份，有效率{rate}%。",
    "调查显示，{down_from}%的教师认为{focus}“很重要”，但只有{up_from}%的教师表示“有具体的做法”；在“最需要的支持”一项中，排在前三位的依次是专家指导、典型案例和同伴交流。",
    "学生问卷显示，认为学习“有兴趣、有收获”的学生占{up_from}%；家长问卷显示，家长对学校相关工作的满意度为{up_from}%，希望学校加强与家长沟通的占{down_from}%。",
    "综合问卷和访谈，我们把存在的问题归纳为三点：一是认识到位但方法缺乏；二是个别教师探索多、学校系统推进少；三是过程性评价薄弱，改进缺少依据。这三点成为本研究要着力解决的问题。",
)
_STAGES = (
    (
        "准备阶段",
        "成立课题组，明确分工；开展文献研究和现状调查，撰写开题报告并组织专家论证；制定研究方案和试点工作计划，召开全体教师动员会。",
    ),
    (
        "第一轮实践阶段",
        "在两个试点年级开展实践，每月召开一次课题组会议，交流进展，研讨问题；收集教案、课例、作业样本和观察记录等过程性资料，形成阶段性研究报告。",
    ),
    (
        "第二轮实践阶段",
        "在总结第一轮经验的基础上调整策略，把试点扩大到全校，开展校际交流和展示活动，接受专家中期检查，根据专家意见进一步完善实施方案。",
    ),
    (
        "总结阶段",
        "对研究资料进行系统整理和分析，开展后测调查，提炼研究成果，撰写结题报告，组织成果展示，并在结对学校推广应用。",
    ),
)
_STRATEGIES = (
    (
        "顶层设计，形成整体推进的工作机制",
        (
            "学校成立由校长任组长的领导小组，教学、德育、后勤等部门负责人参加，每月召开一次专题会议，研究{focus}推进中的重点问题。",
            "学校把{focus}写入三年发展规划和年度工作计划，明确各部门的职责和时间节点，做到有方案、有分工、有检查。",
            "在教代会上审议通过了学校的{focus}实施意见，使改革成为全体教师的共同约定。",
        ),
    ),
    (
        "分层分类，建立可操作的实施标准",
        (
            "课题组按照学段和学科特点，研制了{focus}的实施指南，每个环节都有具体的要求和示例，教师“拿来就能用”。",
            "针对不同教龄的教师提出不同的要求：新教师重在规范，骨干教师重在创新，名优教师重在示范引领。",
            "各教研组以学期为单位制定实施计划，明确目标、内容、责任人和时间节点，教务处每月检查，期末进行评比。",
        ),
    ),
    (
        "以研促教，发挥教研组的专业作用",
        (
            "我们把{focus}纳入校本研修的必修内容，通过专家讲座、案例研讨、课例展示等方式开展全员培训。",
            "每个教研组每学期围绕{focus}确定一个研究小专题，开展“一课三研”活动，研究成果在全校交流。",
            "课题组还邀请高校专家定期进校指导，对实施中出现的偏差及时进行诊断和纠正。",
        ),
    ),
    (
        "数据赋能，建立过程监测与反馈制度",
        (
            "学校建立了每两周一次的过程数据分析制度，年级组长根据数据及时提醒相关教师，发现问题当周解决。",
            "我们依托学校的数字化平台，汇集作业、测验和课堂观察数据，为每个班级生成学情报告，作为教研活动的讨论依据。",
            "每学期开展一次学生和家长满意度调查，调查结果在教职工大会上公布，作为改进工作的重要依据。",
        ),
    ),
    (
        "家校协同，形成共同育人的合力",
        (
            "学校通过家长会、家长学校和家长开放日，向家长介绍{focus}的目的和做法，争取家长的理解和支持。",
            "各班建立家校沟通清单，明确沟通的内容、频次和方式，避免给家长增加不必要的负担。",
            "我们还邀请家长志愿者参与学校的相关活动，让家长从旁观者变成参与者。",
        ),
    ),
    (
        "评价改革，建立多元激励机制",
        (
            "学校把参与研究的情况纳入教师考核和评优评先，对在{focus}中表现突出的教研组和教师给予表彰。",
            "对学生的评价更加注重过程和进步，建立学生成长档案，用“进步之星”“合作之星”等多元评价激发学生的内在动力。",
            "学校把优秀案例汇编成册，在校内外交流推广，并在区域教研活动中作专题展示。",
        ),
    ),
    (
        "文化浸润，推动改革成果常态化",
        (
            "我们把{focus}的理念融入学校文化建设，在校园环境、教师读书会和年度叙事中不断强化，让改革从“要我做”变成“我要做”。",
            "学校每年举办一次教育教学节，集中展示师生在{focus}中的成果，营造人人参与、人人分享的氛围。",
            "改革中形成的好做法及时上升为学校制度，写入教学常规和管理手册，保证改革成果不因人员变动而流失。",
        ),
    ),
)
_CASES = (
    (
        "{grade}{subject}组的{focus}实践",
        "{teacher}老师所在的{grade}{subject}组是最早参与试点的备课组之一。试点初期，组内教师对{focus}的理解并不一致，有的教师认为会增加负担，有的教师担心影响教学进度。课题组指导备课组从一个单元入手，先梳理单元目标，再设计学习任务和评价方式，每周集体研讨一次。一个学期下来，组内教师形成了{count}个完整的单元设计案例，学生的单元检测优秀率由{up_from}%提高到{up_to}%。{teacher}老师说：“最大的变化是大家开始用学生的学习证据来讨论教学。”",
    ),
    (
        "一名学困生的转变",
        "{grade}学生小{surname}（化名）基础薄弱，作业经常拖欠，课堂上很少发言。班主任{teacher}老师参与课题研究后，为他建立了个人学习档案，每周与他面谈一次，和任课教师一起为他设计分层任务，并及时肯定他的每一点进步。一个学期后，小{surname}的作业完成率由不足一半提高到九成以上，期末{subject}成绩进步了{gain}分，在班级展示活动中第一次主动上台发言。",
    ),
    (
        "家长开放日里的{focus}",
        "学校在{grade}举办了以{focus}为主题的家长开放日。家长们走进课堂，观看学生的小组学习和成果展示，并参与课后座谈。课题组事先设计了观察表，请家长记录孩子在课堂上的表现。座谈中，不少家长表示“第一次看到孩子在课堂上这么投入”。活动后的问卷显示，{up_to}%的家长认同学校的做法，并愿意在家庭中配合开展相关活动。",
    ),
    (
        "一次“同课异构”的研讨",
        "围绕{focus}，{subject}组组织了一次同课异构活动。{teacher}老师和一位青年教师分别执教同一内容，课题组成员分工观察学生的参与度、任务完成情况和课堂生成。课后研讨中，大家对照观察数据，发现两节课在学习任务的层次设计上差异明显，进而总结出“目标—任务—评价”三位一体的设计要点，并写入了学校的实施指南。",
    ),
    (
        "用数据改进{grade}的教学",
        "{grade}年级组每两周汇总一次学生的作业和检测数据。数据显示，部分班级的学生在同类问题上反复出错。年级组长{teacher}老师召集任课教师分析原因，调整了讲评方式和练习设计，并对{count}名学生进行了跟踪辅导。一个月后，同类问题的错误率由{down_from}%下降到{down_to}%。",
    ),
    (
        "青年教师的成长",
        "{teacher}老师是一名入职第三年的青年教师。参与课题研究后，她在师傅的指导下，围绕{focus}连续开设了{count}节研究课，每节课后都撰写反思。一年来，她的课堂从“教师讲得多”变成了“学生做得多”，她执教的{subject}课在区级评比中获得一等奖，撰写的案例在市级刊物上发表。",
    ),
    (
        "结对学校的推广应用",
        "研究后期，我们把{focus}的做法带到了对口结对学校。课题组成员两次赴结对学校送教，{teacher}老师执教示范课并作专题讲座，两校教研组开展线上联合教研。结对学校根据自身实际调整了实施方案，一个学期后，该校{grade}学生的学习兴趣问卷得分由{up_from}分提高到{up_to}分。",
    ),
)
_EFFECTS = (
    "学生层面：学生的学习主动性明显增强，问卷显示认为学习“有兴趣、有收获”的学生比例由{up_from}%提高到{up_to}%。",
    "教师层面：教师的研究意识和专业能力明显提升，研究期间课题组成员在区级以上刊物发表或获奖论文{count}篇。",
    "学校层面：形成了一套较为完整的制度和工作流程，学校在区域内的影响力不断扩大，先后接待兄弟学校考察交流{count}批次。",
    "家长层面：家长对学校工作的满意度由{up_from}%提高到{up_to}%，家校沟通更加顺畅。",
)
_CONCLUSIONS = (
    "第一，{focus}必须放在学校整体改革中系统推进，单兵突进难以持久。",
    "第二，教研组是推进{focus}的关键组织，教师的共同研究是改革最可靠的动力。",
    "第三，过程数据和学生的学习证据是改进工作的依据，用数据说话能够有效凝聚共识。",
    "第四，家校协同能够放大改革成效，让改革获得更广泛的支持。",
)
_OUTLOOKS = (
    "本研究的样本主要来自本校，研究结论的普适性还需要在更大范围内检验。",
    "部分策略对教师的时间和精力要求较高，如何在减轻教师负担的同时保证实施效果，还需要进一步研究。",
    "今后我们将继续跟踪研究，扩大实践范围，与结对学校共同开展研究，推动成果的转化和推广。",
)
_REFERENCES = (
    "［1］苏霍姆林斯基．给教师的建议［M］．北京：教育科学出版社．",
    "［2］佐藤学．静悄悄的革命［M］．北京：教育科学出版社．",
    "［3］顾明远．中国教育的文化基础［M］．太原：山西教育出版社．",
    "［4］叶澜．让课堂焕发出生命活力［J］．教育研究．",
    "［5］崔允漷．追问“学生学会了什么”——兼论三维目标［J］．教育研究．",
    "［6］中华人民共和国教育部．义务教育课程方案（2022年版）［S］．北京：北京师范大学出版社．",
)


def _units(text: str) -> tuple[tuple[str, str, str], ...]:
    """``"七年级 语文 春；八年级 语文 背影"`` → (grade, subject, unit) triples."""
    return tuple(tuple(item.split(" ", 2)) for item in text.split("；"))


_KINDERGARTEN_UNITS = _units(
    "小班 语言 小蝌蚪找妈妈；中班 语言 好饿的毛毛虫；大班 语言 小熊过桥；中班 科学 会变的颜色；"
    "大班 科学 沉与浮；大班 科学 有趣的磁铁；小班 艺术 春天的花；中班 艺术 快乐的小鼓手；"
    "大班 艺术 京剧脸谱；小班 健康 我会整理书包；中班 健康 身体的秘密；大班 健康 安全过马路；"
    "中班 社会 我们的社区；大班 社会 我是小帮手"
)
_PRIMARY_UNITS = _units(
    "三年级 语文 花的学校；四年级 语文 观潮；五年级 语文 落花生；五年级 语文 草船借箭；"
    "三年级 数学 分数的初步认识；五年级 数学 分数的意义；六年级 数学 圆的面积；五年级 数学 小数乘法；"
    "四年级 英语 At the farm；五年级 英语 My school day；三年级 科学 植物的一生；四年级 科学 简单电路；"
    "六年级 科学 工具与机械；三年级 道德与法治 我们的班规我们订；四年级 道德与法治 家乡的变化"
)
_JUNIOR_UNITS = _units(
    "七年级 语文 春；八年级 语文 背影；九年级 语文 岳阳楼记；七年级 数学 有理数的加法；"
    "八年级 数学 勾股定理；九年级 数学 一元二次方程；七年级 英语 My family；八年级 英语 Travelling around；"
    "七年级 科学 物质的溶解；八年级 科学 浮力；七年级 道德与法治 走进社会生活；"
    "八年级 道德与法治 法律在我们身边；七年级 历史 丝绸之路；八年级 历史 辛亥革命"
)
_SENIOR_UNITS = _units(
    "高一年级 语文 乡土中国（整本书阅读）；高二年级 语文 赤壁赋；高一年级 数学 函数的概念；"
    "高二年级 数学 数列；高一年级 英语 Sports and health；高二年级 英语 Cultural heritage；"
    "高一年级 物理 牛顿第二定律；高二年级 化学 化学反应速率；高一年级 生物 细胞的结构；"
    "高一年级 历史 辛亥革命；高二年级 地理 区域发展；高一年级 思想政治 中国特色社会主义；"
    "高二年级 语文 红楼梦（整本书阅读）；高一年级 物理 自由落体运动；高二年级 生物 生态系统的稳定性；"
    "高一年级 地理 大气的受热过程；高二年级 思想政治 全过程人民民主"
)
UNITS = {
    SchoolKind.KINDERGARTEN: _KINDERGARTEN_UNITS,
    SchoolKind.PRIMARY: _PRIMARY_UNITS,
    SchoolKind.JUNIOR: _JUNIOR_UNITS,
    SchoolKind.SENIOR: _SENIOR_UNITS,
    SchoolKind.COMPLETE: _JUNIOR_UNITS + _SENIOR_UNITS,
    SchoolKind.NINE_YEAR: _PRIMARY_UNITS + _JUNIOR_UNITS,
    SchoolKind.TWELVE_YEAR: _PRIMARY_UNITS + _JUNIOR_UNITS + _SENIOR_UNITS,
}


_LESSON_STEPS = (
    (
        "情境导入",
        (
            "教师展示一段与本课内容相关的生活视频，请学生说说看到了什么、想到了什么，由此引出本课的核心问题。",
            "教师呈现上节课作业中的一个典型错误，请学生诊断原因，自然过渡到本课的学习任务。",
            "教师讲述一个真实的小故事，故事结尾留下悬念，请学生带着问题进入学习。",
            "学生分享课前完成的预习单，教师归纳出大家共同的疑问，作为本课要解决的问题。",
        ),
    ),
    (
        "自主探究",
        (
            "学生独立阅读学习材料，完成学习单上的三个基础问题，并把不理解的地方标出来。",
            "学生两人一组动手操作，记录观察到的现象，尝试用自己的话解释。",
            "教师提供三组不同难度的探究任务，学生根据自己的情况选择一组完成。",
            "学生围绕核心问题画出思维导图，梳理已知条件和待解决的问题。",
        ),
    ),
    (
        "合作交流",
        (
            "各小组推选代表展示探究结果，其他小组补充或质疑，教师引导学生比较不同方法的优劣。",
            "教师选取两份有代表性的学生作品进行对比，请学生说出各自的长处和不足。",
            "小组内轮流发言，记录员整理小组观点，教师巡视时抓住有价值的生成进行点拨。",
            "全班开展一次小型辩论，学生在辩论中进一步明确本课的关键概念。",
        ),
    ),
    (
        "练习反馈",
        (
            "学生完成A、B两层练习，同桌互批，教师统计正确率，针对错误集中的题目进行讲评。",
            "学生用一句话写下本课的收获和仍有的疑问，教师当堂挑选几份进行回应。",
            "教师出示一个新情境中的问题，请学生独立解决，检验能否迁移运用。",
        ),
    ),
)
_LESSON_GOALS = (
    "通过《{unit}》的学习，理解本课的核心内容，能用自己的话加以说明",
    "经历“提出问题—探究—交流—反思”的过程，提高合作学习的能力",
    "能把所学迁移到新的情境中，解决简单的实际问题",
    "在学习中养成认真倾听、乐于表达、敢于质疑的习惯",
    "通过小组合作完成学习任务，体会分工与协作的意义",
)
_LESSON_HOMEWORK = (
    "基础性作业巩固本课要点；拓展性作业联系生活实际完成一个小任务；学有余力的学生完成选做的探究性作业。",
    "完成学习单上的巩固练习（约十五分钟）；与家长交流本课所学，记录一条家长的看法。",
    "分层作业：A层完成课后练习，B层完成一道综合题，C层自主设计一道题并写出解答。",
)
_LESSON_REFLECTIONS = (
    "本课以学习任务为主线，学生活动时间较为充分，大部分学生达成了学习目标；个别小组参与不够均衡，今后要加强组内分工指导。",
    "课堂上学生的生成比预想的丰富，但时间把握不够精准，练习反馈环节略显仓促，下次应压缩导入时间。",
    "分层任务照顾到了不同学生的需要，学困生也有了成功的体验；拓展任务的难度还可以再提高一些。",
    "学生的展示很精彩，但评价语言还比较单一，今后要引导学生用具体的证据评价同伴的观点。",
    "本课较好地落实了课题组提出的“目标—任务—评价”一致的要求，课后作业的设计还需要进一步精简。",
)


_CHRONICLE = (
    "课题立项，成立课题组并召开第一次课题组会议",
    "开展教师、学生和家长问卷调查，完成现状调查报告",
    "召开开题论证会，邀请市教科院专家论证研究方案",
    "召开全体教师动员会，启动第一轮实践",
    "各试点教研组完成第一批单元设计",
    "举行第一轮实践课例展示活动",
    "课题组赴兄弟学校交流学习",
    "完成第一轮实践阶段小结",
    "调整实施策略，启动第二轮实践",
    "接受专家中期检查，形成中期报告",
    "举办家长开放日，收集家长反馈",
    "在区域教研活动中作专题展示",
    "赴对口结对学校送教，推广研究成果",
    "开展后测调查，整理研究资料",
    "召开成果提炼研讨会",
    "完成结题报告，申请结题鉴定",
)
_PRODUCTS = (
    "研究报告：《{title}》结题报告",
    "实施指南：《{school}{focus}实施指南》",
    "案例集：《{focus}优秀案例汇编》（收录案例{count}篇）",
    "课例集：《{focus}课例选编》（收录课例{count}节）",
    "论文：《{focus}的校本实践与思考》，发表于《教学月刊》",
    "论文：《以{focus}撬动课堂变革》，获区教育科研论文评比一等奖",
    "制度文本：《{school}教研组工作规范（修订）》",
    "调查报告：《{focus}现状调查报告》",
)


class _Filler:
    """Fills a template's blanks with values that suit the school: its grades and subjects,
    teachers' names, and figures that go the right way (up for good things, down for errors)."""

    def __init__(self, rng: random.Random, focus: str, kind: str):
        self.rng = rng
        self.focus = focus
        self.grades = GRADES.get(kind, GRADES[SchoolKind.COMPLETE])
        self.subjects = SUBJECTS.get(kind, OTHER_SUBJECTS)
        self.units = UNITS.get(kind, _JUNIOR_UNITS + _SENIOR_UNITS)

    def lessons(self) -> list[str]:
        """A lesson design for each unit the school teaches, in random order."""
        rng = self.rng
        designs = []
        units = rng.sample(self.units, len(self.units))
        for number, (grade, subject, unit) in enumerate(units, start=1):
            goals = "；".join(
                f"{i + 1}. {goal.format(unit=unit)}"
                for i, goal in enumerate(pick(rng, _LESSON_GOALS, 3))
            )
            steps = "\n".join(
                f"环节{chinese_number(i + 1)}：{name}。{rng.choice(pool)}"
                for i, (name, pool) in enumerate(_LESSON_STEPS)
            )
            designs.append(
                f"课例{chinese_number(number)}：{grade}{subject}《{unit}》"
                f"教学设计（执教：{rng.choice(TEACHERS)}）\n"
                f"一、教学目标：{goals}。\n二、教学过程\n{steps}\n"
                f"三、作业设计：{rng.choice(_LESSON_HOMEWORK)}\n"
                f"四、教学反思：{rng.choice(_LESSON_REFLECTIONS)}"
            )
        return designs

    def __call__(self, template: str) -> str:
        rng = self.rng
        up_from, down_from = rng.randint(55, 72), rng.randint(24, 40)
        students = rng.randint(8, 16) * 100
        return template.format(
            focus=self.focus,
            grade=rng.choice(self.grades),
            subject=rng.choice(self.subjects),
            teacher=rng.choice(TEACHERS),
            surname=rng.choice(SURNAMES),
            up_from=up_from,
            up_to=up_from + rng.randint(12, 22),
            down_from=down_from,
            down_to=down_from - rng.randint(12, 20),
            gain=rng.randint(12, 26),
            count=rng.randint(4, 12),
            teachers=rng.randint(60, 160),
            students=students,
            parents=students - rng.randint(50, 200),
            valid=students - rng.randint(20, 60),
            rate=rng.randint(94, 99),
        )


def research_report(
    rng: random.Random,
    *,
    title: str,
    focus: str,
    school: str,
    kind: str,
    approved_on,
    min_chars: int,
) -> str:
    """A 课题结题报告 about ``focus`` of at least ``min_chars`` characters (up to about 12,000):
    the report itself, then the appendix of lesson designs, one lesson at a time, until it is
    long enough."""
    fill = _Filler(rng, focus, kind)
    strategies = [
        f"策略{chinese_number(i + 1)}：{name}\n" + "\n".join(fill(t) for t in practice)
        for i, (name, practice) in enumerate(_STRATEGIES)
    ]
    cases = [
        f"案例{chinese_number(i + 1)}：" + fill(f"{heading}\n{body}")
        for i, (heading, body) in enumerate(rng.sample(_CASES, len(_CASES)))
    ]
    lessons = fill.lessons()

    before = [
        ("问题的提出", [fill(t) for t in _BACKGROUNDS]),
        ("核心概念与理论基础", [fill(t) for t in _CONCEPTS]),
        (
            "研究目标与内容",
            [
                f"研究目标：探索{focus}的有效策略，形成可推广的实施机制，促进学生发展、教师成长和学校办学品质提升。",
                f"研究内容：（1）{focus}的现状调查与问题分析；（2）{focus}的实施策略研究；"
                f"（3）{focus}的保障机制研究；（4）{focus}的成效评价研究。",
            ],
        ),
        ("研究方法", [f"{i + 1}. {n}：{fill(t)}" for i, (n, t) in enumerate(_METHODS)]),
        ("现状调查与问题分析", [fill(t) for t in _SURVEY]),
        ("研究过程", [f"（{chinese_number(i + 1)}）{n}\n{t}" for i, (n, t) in enumerate(_STAGES)]),
    ]
    after = [
        ("研究成效", [fill(t) for t in _EFFECTS]),
        ("研究结论", [fill(t) for t in _CONCLUSIONS]),
        ("问题与展望", list(_OUTLOOKS)),
    ]
    middle = [("主要策略与做法", strategies), ("典型案例", cases)]
    products = [
        f"{i + 1}. " + fill(t.replace("{title}", title).replace("{school}", school))
        for i, t in enumerate(_PRODUCTS)
    ]
    after.append(("研究成果目录", products))
    month = dt.date(approved_on.year, approved_on.month, 1)
    chronicle = []
    for i, event in enumerate(_CHRONICLE):
        day = add_months(month, i * 8 // len(_CHRONICLE))
        chronicle.append(f"{day.year}年{day.month}月，{event}。")
    report = _sections(before + middle + after)
    references = "参考文献\n" + "\n".join(_REFERENCES)
    appendix_one = "附录一：研究大事记\n" + "\n".join(chronicle)

    def render(shown) -> str:
        ((_h, lessons_shown),) = shown
        appendix_two = "附录二：课题组优秀课例选编\n\n" + "\n\n".join(lessons_shown)
        return (
            f"《{title}》结题报告\n\n{school}课题组\n\n{report}\n\n{references}\n\n"
            f"{appendix_one}\n\n{appendix_two}"
        )

    return _grow([("课例", lessons)], render, min_chars)
