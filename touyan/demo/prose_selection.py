"""What people write in a selection: applicants' statements against each condition, experts'
comments, reasons for decisions and returns, objections and how they were handled."""

from __future__ import annotations

import random

# Hangzhou's candidate call (HZ-2.3): declarations and the conditions the experts judge.
CANDIDATE = {
    "politics": (
        "本人坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，"
        "带头落实党组织领导的校长负责制，忠诚党的教育事业。",
        "本人政治立场坚定，认真履行“一岗双责”，学校党建工作连续三年获评区先进基层党组织。",
        "本人始终把政治标准放在首位，坚持社会主义办学方向，责任心强，敢于担当。",
    ),
    "integrity": (
        "本人廉洁自律，严格执行中央八项规定精神；任职以来学校未发生重大安全责任事故、"
        "严重违规办学行为，无意识形态问题和重大舆情。",
        "本人严于律己，带头遵守廉洁从教各项规定；所任学校无重大安全责任事故和违规办学行为。",
    ),
    "management": (
        "以“{motto}”为办学理念，建立现代学校治理结构，推行扁平化管理，{school}的办学质量"
        "连续多年位居全区前列。",
        "主持制定{school}五年发展规划，推进集团化办学，形成“规划—实施—评估—改进”的管理闭环。",
        "推动课程与教学改革，构建“{motto}”课程体系，学校获评市级课程改革示范学校。",
    ),
    "moral_education": (
        "落实立德树人根本任务，构建五育并举的育人体系，学校德育品牌“{motto}”在全市推广。",
        "坚持德育为先，推进全员导师制，学生综合素质评价优良率逐年提升。",
    ),
    "development": (
        "实施“青蓝工程”，三年来培养市区级学科带头人和教坛新秀二十余名。",
        "关注每一位教师和学生的成长，建立教师专业发展学分制，学生体质健康优良率稳步提高。",
    ),
    "reputation": (
        "{school}办学特色鲜明，社会满意度高，近三年接待省内外考察交流五十余批次。",
        "作为教育集团总校长，带动两所新建学校快速发展，家长满意度测评位居全区前列。",
        "结对帮扶贵州台江县一所学校，送教送培六次，办学经验在省市交流。",
    ),
}

# Hainan's host call (HN-3.9).
HOST = {
    "ideology": (
        "本人全面贯彻党的教育方针，热爱教育事业，师德高尚，作风民主，坚持依法治校。",
        "本人坚持社会主义办学方向，忠诚党的教育事业，以德立身、以德立学、以德施教。",
    ),
    "law": (
        "本人遵纪守法，廉洁自律，无违法违规违纪行为。",
        "本人严格遵守法律法规和廉洁从教各项规定，任职以来无违法违规违纪行为。",
    ),
    "results": (
        "{school}以“{motto}”为办学理念，高考、中考成绩连续多年位居全省前列，办学经验在全省交流。",
        "{school}形成了鲜明的办学特色，获评省级文明校园、省级特色示范学校，在全省具有较高影响力。",
    ),
    "leadership": (
        "主持省级课题两项，长期承担省级校长培训授课任务，指导多所市县学校开展学校诊断与改进。",
        "担任省中小学校长培训专家，组织过全省校长跟岗研修，具有较强的组织协调和教育科研能力。",
    ),
}

MOTTOS = (
    "让每一个生命自由生长",
    "为学生的终身发展奠基",
    "和而不同，各美其美",
    "以文化人，全面育人",
    "做有温度的教育",
    "求真、向善、尚美",
    "成长比成绩更重要",
    "为党育人，为国育才",
)


def statements(
    rng: random.Random, pool: dict[str, tuple[str, ...]], school: str, codes=None
) -> dict[str, str]:
    motto = rng.choice(MOTTOS)
    return {
        code: rng.choice(texts).format(school=school, motto=motto)
        for code, texts in pool.items()
        if codes is None or code in codes
    }


COMMENTS = {
    "high": (
        "办学理念先进，标志性成果突出，示范引领作用明显，建议入选。",
        "材料翔实，办学业绩与社会声誉俱佳，具备较强的专业引领能力，建议入选。",
        "办学思想清晰且有实践支撑，改革成效显著，综合素质突出。",
    ),
    "middle": (
        "办学业绩较好，材料较完整；办学思想的提炼尚需加强。",
        "学校管理规范，特色初步形成，辐射带动作用有待进一步发挥。",
        "整体表现良好，标志性成果的层级偏低。",
    ),
    "low": (
        "材料较为单薄，办学特色与成果不够突出。",
        "任职以来工作扎实，但在区域内的引领作用和影响力尚显不足。",
    ),
}


def comment(rng: random.Random, quality: float) -> str:
    band = "high" if quality >= 0.85 else "middle" if quality >= 0.72 else "low"
    return rng.choice(COMMENTS[band])


def decision_reason(place: int, score, selected: bool, places: int) -> str:
    if selected:
        return f"专家评审平均分 {score} 分，综合排名第 {place} 位，经局长办公会议审定，拟入选。"
    return f"专家评审平均分 {score} 分，综合排名第 {place} 位，名额 {places} 人，差额未入选。"


RETURN_REASONS = (
    "推荐表未加盖学校公章，请补充盖章后的扫描件重新提交。",
    "“办学业绩与标志性成果证明材料”中的获奖证书不清晰，请重新扫描上传。",
)
REJECT_REASONS = (
    "本区推荐名额有限，经区教育局党组会议研究，本次不予推荐。",
    "经核实，所任学校本年度办学水平评估结论为“基本合格”，本次不予推荐。",
)
CONFLICTS = (
    "该申报人曾为本人主持的名师工作室成员，申请回避。",
    "本人曾在该申报人所在学校任职，申请回避。",
)
