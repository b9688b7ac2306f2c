"""Words for generated activities and deliverables: titles that read like a studio's or a
training class's own, and body text of a chosen length whose 字数 is known without counting."""

from __future__ import annotations

import random

from touyan.records.text import char_count

SEMINAR_TOPICS = (
    "学校发展规划的制定与落实",
    "新课程方案下的课堂教学改革",
    "“双减”背景下的作业设计与管理",
    "校本教研制度的建设",
    "青年教师培养的路径",
    "学校文化的凝练与表达",
    "家校社协同育人机制",
    "教师绩效考核与激励",
    "学生综合素质评价的实施",
    "大单元教学的组织与管理",
    "学校安全管理的责任落实",
    "德育课程一体化建设",
    "校长课程领导力",
    "数字化转型与智慧校园",
    "初高中衔接教学",
    "薄弱学校改进的策略",
    "教学质量监测结果的运用",
    "学校内部治理结构",
    "劳动教育的课程化实施",
    "心理健康教育体系建设",
    "跨学科主题学习的推进",
    "集团化办学中的校际协作",
    "教师专业发展共同体",
    "课后服务的质量提升",
    "办学特色的形成与发展",
)

READING_BOOKS = (
    "《给教师的建议》",
    "《学校的挑战》",
    "《教育的目的》",
    "《民主主义与教育》",
    "《静悄悄的革命》",
    "《第五项修炼》",
    "《追求理解的教学设计》",
    "《可见的学习》",
    "《学校管理学》",
    "《教育漫话》",
    "《陶行知教育文集》",
    "《叶圣陶教育名篇》",
)

LECTURE_TOPICS = (
    "新时代教育评价改革的方向",
    "校长专业标准解读",
    "教育法治与依法治校",
    "学习科学的新进展",
    "课程标准修订要点",
    "学校领导力研究前沿",
    "人工智能与未来学校",
    "乡村教育振兴的实践",
)

RESEARCH_THEMES = (
    "区域推进学校内涵发展的实践研究",
    "校长课程领导力提升的行动研究",
    "基于证据的学校改进策略研究",
    "中学生核心素养培育的路径研究",
    "教师专业学习共同体建设研究",
    "农村学校教学质量提升的实践研究",
    "学校文化建设与办学特色形成研究",
    "数字化背景下学校治理方式变革研究",
)

PLACES = ("学术报告厅", "会议室", "录播教室", "图书馆", "教师发展中心")

# Sentences for bodies. Each ends in a full-width mark and starts with a Han character, so the
# 字数 of a concatenation is the sum of the parts.
SENTENCES = (
    "本学期工作室围绕年度主题开展了系列研修活动，成员参与积极，研讨气氛热烈。",
    "通过入校诊断，我们对学校办学理念、制度建设和教师队伍状况有了较为全面的认识。",
    "学校将进一步完善内部治理结构，明确各部门职责，提高管理效能。",
    "课堂教学改革以学生为中心，强调问题引领和深度学习，逐步形成可推广的教学范式。",
    "教师专业发展是学校发展的核心动力，需要建立分层分类的培养体系。",
    "我们坚持立德树人根本任务，把德育工作融入课程教学和校园生活的各个环节。",
    "在对口帮扶中，工作室成员深入农村学校听课评课，与当地教师共同研讨改进措施。",
    "研究表明，校本教研的实效取决于问题的真实性和研讨的持续性。",
    "下一阶段将重点推进作业设计改革，切实减轻学生过重的学业负担。",
    "家校协同需要制度保障，学校定期召开家长会并开放课堂，听取家长意见。",
    "学校发展规划应当立足实际，目标清晰、措施具体、责任明确、评价可行。",
    "通过阅读交流，成员对教育本质和学校使命有了更深刻的理解。",
    "课题组按计划完成了文献梳理、问卷调查和课堂观察，形成了阶段性研究成果。",
    "校长要成为课程的领导者，带领教师团队整体规划学校课程体系。",
    "数字化校园建设要服务于教与学，避免重硬件、轻应用的倾向。",
    "在跟岗实践中，成员观摩了基地学校的行政例会、教研活动和校园文化建设。",
    "我们对照考核要求逐项梳理了工作台账，查漏补缺，确保各项任务落到实处。",
    "本次考察让我看到了先进学校在课程整合和评价改革方面的探索。",
    "教育质量的提升离不开科学的评价，学校正在探索增值评价的方法。",
    "今后将继续加强理论学习，把学习成果转化为推动学校发展的具体行动。",
)
SENTENCE_CHARS = tuple(char_count(sentence) for sentence in SENTENCES)


def body_of(rng: random.Random, at_least: int) -> tuple[str, int]:
    """A body of at least ``at_least`` 字 made of shuffled sentences, and its 字数."""
    parts, total = [], 0
    while total < at_least:
        index = rng.randrange(len(SENTENCES))
        parts.append(SENTENCES[index])
        total += SENTENCE_CHARS[index]
    return "".join(parts), total
