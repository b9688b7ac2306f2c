"""Chinese text for the demo's studio documents: the studio's plans, rules and reports, and the
members' growth plans and school plans (the trainees' writing is in ``prose_training``).

Each document is put together from sentence pools with a seeded generator, so two members'
growth plans read differently while the same seed always writes the same words.
"""

import random
from collections.abc import Sequence


def pick(rng: random.Random, pool: Sequence[str], count: int) -> list[str]:
    return rng.sample(list(pool), min(count, len(pool)))


def numbered(items: Sequence[str]) -> str:
    marks = "一二三四五六七八九十"
    return "\n".join(f"（{marks[i]}）{item}" for i, item in enumerate(items))


# Hainan: the studio's own documents ----------------------------------------------------------


def three_year_plan(studio: str, school: str, first_year: int, themes: Sequence[tuple]) -> str:
    years = "\n".join(
        f"第{'一二三'[i]}年（{first_year + i}—{first_year + i + 1}学年）：{title}。{text}"
        for i, (title, text) in enumerate(themes)
    )
    return f"""{studio}三年活动计划（{first_year}—{first_year + 3}年）

一、指导思想
以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，落实立德树人根本任务。按照《海南省中学卓越校长工作室实施方案》的要求，以{school}为实践基地，发挥主持人的示范引领作用，促进成员校长专业成长，带动成员学校高质量发展。

二、工作目标
三年内，帮助每位成员凝练办学理念，提升课程领导力和学校治理能力，形成一批有推广价值的研究成果；把工作室建成全省中学校长专业发展的学习共同体、研究共同体和实践共同体。

三、年度主题与重点任务
{years}

四、研修方式
采取读书交流、讲座论坛、课题研究、网络研修、师徒结对、跟岗实践等方式。每月至少开展一次专题研讨，每学期至少组织一次集中研修；工作周期内对每位成员所在学校开展一次入校诊断；每年组织成员到农村学校或薄弱学校开展送培下乡、现场指导、结对帮扶；与兄弟工作室开展联合研修，共享资源与成果。

五、保障措施
实践基地学校提供场地和后勤保障；工作室专项经费单独列支、专款专用；建立成员成长档案，每学期汇报一次工作，每年进行一次考核评价。
"""


def studio_rules(studio: str) -> str:
    return f"""{studio}工作制度

一、学习制度。成员每学期至少精读一本教育专著，撰写读书笔记不少于两篇，在网络研修社区交流。
二、考勤制度。工作室活动实行签到制度。成员因故不能参加的，须提前向主持人请假；无故缺席累计两次的，由主持人进行谈话提醒。
三、研讨制度。每月至少开展一次专题研讨，研讨主题于活动前一周发布，成员须结合本校实际准备发言材料。
四、诊断制度。工作周期内轮流对每位成员所在学校进行入校诊断，诊断报告反馈成员学校并存入档案。
五、档案管理制度。工作室建立成员成长档案，收录个人成长方案、学校发展规划、研修心得、诊断报告和研究成果。
六、考核制度。成员考核分为平时考核和期满考核，平时考核依据出勤、任务完成和成果情况，期满考核依据三年发展目标的达成情况。
七、经费管理制度。工作室专项经费由实践基地学校单独列支、专款专用，严格按照规定用途使用，接受审计和检查。
"""


def work_plan(studio: str, year_label: str, theme: str) -> str:
    return f"""{studio}{year_label}工作计划

本年度工作室以“{theme}”为主题开展研修。

一、常规研修
每月开展一次专题研讨，由成员轮流承办，承办学校提前一周确定研讨议题；每学期组织一次集中研修，邀请省内外专家作专题报告，并安排跟岗学习。

二、入校诊断
按照轮换安排，每学期走进两至三所成员学校，从办学理念、制度建设、教师队伍三个方面进行诊断，形成诊断报告并跟踪改进。

三、课题研究
围绕年度主题推进工作室课题研究，每位成员承担一个子课题，学期末交流阶段成果。

四、送培下乡
组织成员走进农村学校和薄弱学校，开展送课、讲座和现场指导，与一所薄弱学校建立结对帮扶关系。

五、宣传与交流
及时在工作室网页和网络研修社区发布活动动态、成员论文和管理案例，加强与其他工作室的交流合作。
"""


def member_training_plan(studio: str, members: int) -> str:
    return f"""{studio}成员培养方案

工作室现有成员{members}名，来自全省不同市县的中学。根据成员的学校类型、办学基础和个人专业发展需求，制定本方案。

一、培养目标。经过三年研修，成员在办学理念、课程领导、学校治理和教育科研等方面有明显提升，每人形成一份学校中长期发展规划和一份办学行为改进方案，至少公开发表或交流一篇管理论文。

二、培养方式。实行“一人一方案”：成员在入室后一个月内完成个性化成长方案，主持人逐一审阅、面谈指导；采取师徒结对方式，由主持人和资深成员结对指导新任校长；安排成员到实践基地学校跟岗实践不少于一周。

三、过程管理。建立成员成长档案，记录出勤、任务完成、研修心得和成果；每学期末成员进行述职，主持人给予书面反馈。

四、考核评价。平时考核与期满考核相结合，考核结果报省中学教师继续教育培训中心备案。
"""


def semester_report(
    studio: str, semester: str, counts: dict[str, int], highlights: list[str]
) -> str:
    summary = "、".join(f"{name}{count}次" for name, count in counts.items() if count)
    details = "\n".join(f"{i + 1}. {text}" for i, text in enumerate(highlights))
    return f"""{studio}{semester}活动汇报

本学期，工作室按照年度工作计划扎实开展研修活动，共开展{summary or "活动若干次"}。

一、主要活动
{details or "本学期活动以常规研讨为主。"}

二、主要收获
成员在研讨中相互启发，围绕年度主题形成了一批研修心得和管理案例；入校诊断帮助成员学校找准问题，改进措施正在逐步落实。

三、存在问题与下学期打算
个别成员因学校事务繁忙，参加活动和完成任务不够及时；下学期将进一步加强过程管理，提前公布活动安排，提高研讨的针对性和实效性。
"""


# Hainan: members' plans ----------------------------------------------------------------------

STRENGTHS = (
    "从事学校管理工作多年，熟悉学校常规管理",
    "有较丰富的一线教学经验，对课堂教学有自己的见解",
    "重视教师队伍建设，学校青年教师成长较快",
    "善于沟通协调，学校班子团结、凝聚力强",
    "长期关注学生综合素质培养，学校体艺特色较为鲜明",
    "主持过市级课题研究，有一定的教育科研基础",
)
WEAKNESSES = (
    "办学理念的提炼还不够系统，缺少清晰的表达",
    "课程建设的统筹能力有待提高，校本课程零散",
    "对新课程新教材的研究不够深入",
    "理论学习不够系统，实践经验缺少理论提升",
    "学校管理中经验做法多、制度化建设少",
    "信息化条件下的学校管理能力有待加强",
)
GROWTH_STEPS = (
    "每学期精读两本教育管理专著，撰写读书笔记并在工作室交流",
    "积极参加工作室每月专题研讨，每学期至少承担一次主题发言",
    "结合本校实际参与工作室课题研究，承担一个子课题",
    "到实践基地学校跟岗学习，学习先进的管理经验",
    "每学期深入课堂听课不少于四十节，参与学科教研活动",
    "总结提炼本校改革经验，撰写管理案例和论文",
    "带动学校中层干部共同学习，把研修所得转化为学校改进行动",
)
_SCHOOL_GOALS = (
    "建设一所理念先进、管理规范、质量优良、特色鲜明的区域优质学校",
    "办成群众满意、师生幸福、特色发展的现代化学校",
    "打造以文化人、以质立校、以特兴校的县域示范学校",
)
SCHOOL_PROJECTS = (
    "学校文化建设工程：提炼校训、校风、教风、学风，建设文化长廊",
    "课程建设工程：构建国家课程校本化实施与校本特色课程相结合的课程体系",
    "课堂提质工程：推进以学为中心的课堂教学改革，建立课堂教学评价标准",
    "教师发展工程：实施青蓝结对和骨干教师培养计划，建设学科教研团队",
    "德育品牌工程：整合家校社资源，开展劳动教育和研学实践",
    "智慧校园工程：完善信息化基础设施，推进数字化教学与管理",
    "制度建设工程：修订学校章程和各项管理制度，推进依法治校",
)
# (problem found by the diagnosis, the fix the member commits to)
_IMPROVEMENTS = (
    (
        "学校发展规划执行不到位，年度计划与规划衔接不紧",
        "成立规划实施领导小组，把规划目标分解到学期、落实到部门，每学期末对照检查",
    ),
    (
        "教学常规管理存在薄弱环节，作业布置与批改不够规范",
        "修订教学常规管理细则，每月开展一次教学常规检查并在教师会上通报",
    ),
    (
        "教师专业发展动力不足，教研活动流于形式",
        "以课题带动校本教研，推行“问题—研究—改进”的教研模式，教研活动须有主题、有记录、有反馈",
    ),
    (
        "校本课程开设随意，缺少系统设计与评价",
        "梳理现有校本课程，按照课程纲要重新审定，建立选课和课程评价制度",
    ),
    (
        "家校沟通渠道单一，家长参与学校管理不够",
        "建立家长委员会例会制度，每学期举办一次家长开放日和一次家长学校专题课",
    ),
    (
        "学生课外活动时间得不到充分保障",
        "落实每天一小时校园体育活动，开足开齐社团活动课，纳入课表管理",
    ),
    (
        "学校管理制度修订滞后，部分制度与实际脱节",
        "启动学校制度的立改废工作，经教代会审议后形成学校制度汇编",
    ),
)


def growth_plan(rng: random.Random, name: str, school: str) -> str:
    strengths = "；".join(pick(rng, STRENGTHS, 2))
    weaknesses = "；".join(pick(rng, WEAKNESSES, 2))
    steps = numbered(pick(rng, GROWTH_STEPS, 4))
    return f"""个性化成长方案（{school} {name}）

一、现状分析
优势：{strengths}。
不足：{weaknesses}。

二、发展目标
用三年时间，系统学习现代学校管理理论，凝练符合本校实际的办学理念，提升课程领导力和学校治理能力，努力成长为在全省有一定影响的中学校长。

三、主要措施
{steps}

四、预期成果
形成个人办学理念的系统表述；完成一篇管理论文或案例；带领学校在办学质量和特色发展上取得明显进步。
"""


def school_development_plan(rng: random.Random, school: str, first_year: int) -> str:
    goal = rng.choice(_SCHOOL_GOALS)
    projects = numbered(pick(rng, SCHOOL_PROJECTS, 4))
    return f"""{school}中长期发展规划（{first_year}—{first_year + 5}年）

一、学校现状
学校秉承优良办学传统，教育教学质量稳步提升，但在办学特色、课程建设和教师专业发展方面仍有较大提升空间。

二、发展目标
总体目标：{goal}。

三、重点项目
{projects}

四、保障措施
加强党的领导，健全学校治理结构；完善经费投入和使用管理；建立规划实施的年度评估制度，每年对照目标检查落实情况并及时调整。
"""


def school_improvement_plan(rng: random.Random, school: str) -> str:
    chosen = rng.sample(_IMPROVEMENTS, rng.randint(3, 4))
    lines = "\n".join(f"{i + 1}. 问题：{p}。改进：{f}。" for i, (p, f) in enumerate(chosen))
    return f"""{school}办学行为改进方案

根据工作室入校诊断的反馈和学校自查情况，制定本方案。

一、问题与改进措施
{lines}

二、实施步骤
第一阶段（一个月）：召开教职工大会，解读诊断报告，统一思想。
第二阶段（一学期）：各部门按照分工落实改进措施，每月汇报进展。
第三阶段（学期末）：对照方案进行自评，邀请工作室成员回访，形成改进报告。
"""
