"""The demo accounts, as a plain table the README, the ``demo`` command and the tests all read."""

from dataclasses import dataclass

from touyan.accounts.roles import Role

from .hainan import HOST_SCHOOL, MEMBER_SCHOOL
from .hangzhou import SECOND_COHORT_SCHOOLS, TRAINEE_SCHOOL
from .ningbo import TRAINEE_SCHOOL as NINGBO_TRAINEE_SCHOOL

DEMO_PASSWORD = "touyan-demo"
# A 西湖区 head who has applied to nothing: the one to try applying with.
APPLICANT_SCHOOL = ("330106", "杭州市西湖小学")
# Trainees of cohort 2 (mid-course), one per school of SECOND_COHORT_SCHOOLS.
SECOND_COHORT_ACCOUNTS = ("trainee-c2", "trainee-c2b", "trainee-c2c")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str  # empty for accounts named after the principal they are linked to
    role_label: str
    scope: str
    try_this: str
    role: str | None = None  # granted in each of ``regions``
    regions: tuple[str, ...] = ()
    sees_personal_data: bool = False
    superuser: bool = False
    principal_school: tuple[str, str] | None = None  # (county code, school): linked to its head


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        username="sysadmin",
        full_name="系统管理员",
        role_label="系统管理员",
        scope="全部",
        try_this="进入后台（/admin/），查看全部名册与操作日志",
        superuser=True,
    ),
    DemoAccount(
        username="hn-admin",
        full_name="海南省教育厅",
        role_label="教育行政部门管理员",
        scope="海南省（可见完整身份证号）",
        try_this="浏览全省中学校长名册，查看完整身份证号，导入名册；在“账号与授权”中管理全省账号",
        role=Role.AUTHORITY_ADMIN,
        regions=("460000",),
        sees_personal_data=True,
    ),
    DemoAccount(
        username="hn-centre",
        full_name="海南省中学教师继续教育培训中心",
        role_label="培训中心工作人员",
        scope="海南省",
        try_this="管理全省卓越校长工作室项目，查看各工作室的合规情况；名册中身份证号、手机号只显示掩码",
        role=Role.CENTRE_STAFF,
        regions=("460000",),
    ),
    DemoAccount(
        username="hn-qionghai",
        full_name="琼海市教育局",
        role_label="区县教育局工作人员",
        scope="琼海市",
        try_this="只看到琼海市的学校和校长，以及设在琼海的工作室",
        role=Role.DISTRICT_OFFICER,
        regions=("469002",),
    ),
    DemoAccount(
        username="hz-admin",
        full_name="杭州市教育局",
        role_label="教育行政部门管理员",
        scope="杭州市（可见完整身份证号）",
        try_this="浏览全市中小学、幼儿园校（园）长名册，查看完整身份证号；在“账号与授权”中管理全市账号",
        role=Role.AUTHORITY_ADMIN,
        regions=("330100",),
        sees_personal_data=True,
    ),
    DemoAccount(
        username="hz-centre",
        full_name="杭州市中小学干部培训中心",
        role_label="培训中心工作人员",
        scope="杭州市",
        try_this="管理名校长培养工程：第一期已结业（查看每位培养人选的学时、考勤和成果是否达标），"
        "第二期在培；名册中身份证号、手机号只显示掩码",
        role=Role.CENTRE_STAFF,
        regions=("330100",),
    ),
    DemoAccount(
        username="nb-admin",
        full_name="宁波市教育局",
        role_label="教育行政部门管理员",
        scope="宁波市（可见完整身份证号）",
        try_this="骨干校长研修工程：在“培养政策”中修改本市政策，检查、预览新版本的判定结果并发布；"
        "查看各学员的合规情况",
        role=Role.AUTHORITY_ADMIN,
        regions=("330200",),
        sees_personal_data=True,
    ),
    DemoAccount(
        username="hz-xihu",
        full_name="西湖区教育局",
        role_label="区县教育局工作人员",
        scope="西湖区（可见完整身份证号）",
        try_this="只看到西湖区的学校、校长和培养人选，可查看完整身份证号",
        role=Role.DISTRICT_OFFICER,
        regions=("330106",),
        sees_personal_data=True,
    ),
    DemoAccount(
        username="hz-binjiang",
        full_name="滨江区教育局",
        role_label="区县教育局工作人员",
        scope="滨江区",
        try_this="只看到滨江区的学校、校长和培养人选（身份证号掩码显示）",
        role=Role.DISTRICT_OFFICER,
        regions=("330108",),
    ),
    DemoAccount(
        username="expert",
        full_name="周建明",
        role_label="评审专家",
        scope="杭州市、海南省、宁波市",
        try_this="评审专家：看不到名册；用于遴选评审",
        role=Role.EXPERT,
        regions=("330100", "460000", "330200"),
    ),
    DemoAccount(
        username="mentor",
        full_name="沈慧芳",
        role_label="导师",
        scope="杭州市",
        try_this="导师：看不到名册；用于名校长培养",
        role=Role.MENTOR,
        regions=("330100",),
    ),
    DemoAccount(
        username="institute",
        full_name="杭州市教育科学研究院",
        role_label="教育科学研究院",
        scope="杭州市名校长培养工程（按项目授权）",
        try_this="课题指导：第二期培养人选的课题（申报、立项、中期、结题），阅读成果并提出指导意见",
    ),
    DemoAccount(
        username="hn-finance",
        full_name="海南中学财务室",
        role_label="财务联系人",
        scope="海南中学校长工作室的经费（按工作室授权）",
        try_this="工作室专项经费：两个预算年度的预算、拨付（凭证号）与支出，第一年度结余已结转；"
        "一笔录错金额的支出已冲销并重新录入",
    ),
    DemoAccount(
        username="hz-finance",
        full_name="杭州市中小学干部培训中心财务室",
        role_label="财务联系人",
        scope="名校长培养工程第一期的经费（按培训班授权）",
        try_this="第一期两个培养年度的预算：市教育局专项经费与学校培训经费，分八个支出类别；"
        "按课程录入的支出，一笔跨年度的发票带提示",
    ),
    DemoAccount(
        username="host",
        full_name="",
        role_label="工作室主持人",
        scope="本人（海南中学校长）及其工作室",
        try_this="以海南中学校长、工作室主持人身份登录：本月专题研讨尚未开展，半数成员学校尚未入校诊断",
        principal_school=HOST_SCHOOL,
    ),
    DemoAccount(
        username="member",
        full_name="",
        role_label="工作室成员",
        scope="本人（琼海市第二中学校长）及所在工作室",
        try_this="以工作室成员身份登录（主持人为嘉积中学校长），查看工作室的活动、本人的考勤和成长方案；"
        "“我的申报”中有成员申报的分配结果：第一志愿已满，按第二志愿分配，并说明原因",
        principal_school=MEMBER_SCHOOL,
    ),
    DemoAccount(
        username="trainee",
        full_name="",
        role_label="培养人选",
        scope="本人（杭州市保俶塔实验学校校长）",
        try_this="以名校长培养工程第一期（已结业）培养人选身份登录：270学时、考勤、日志、论坛报告、"
        "研修报告、论文和已结题的课题，每项要求均已完成",
        principal_school=TRAINEE_SCHOOL,
    ),
    DemoAccount(
        username="trainee-c2",
        full_name="",
        role_label="培养人选",
        scope="本人（杭州市学军小学校长）",
        try_this="以第二期（开班 5 个月）培养人选身份登录：已上的课和考勤、个人发展规划、学习日志，"
        "两周内还有课（可请假）",
        principal_school=SECOND_COHORT_SCHOOLS[0],
    ),
    DemoAccount(
        username="trainee-c2b",
        full_name="",
        role_label="培养人选",
        scope="本人（杭州市惠兴中学校长）",
        try_this="第二期培养人选（上城区）：查看本人的学时进度、考勤与课题立项",
        principal_school=SECOND_COHORT_SCHOOLS[1],
    ),
    DemoAccount(
        username="trainee-c2c",
        full_name="",
        role_label="培养人选",
        scope="本人（杭州市卖鱼桥小学校长）",
        try_this="第二期培养人选（拱墅区）：查看本人的学时进度、考勤与已提交的成果",
        principal_school=SECOND_COHORT_SCHOOLS[2],
    ),
    DemoAccount(
        username="nb-trainee",
        full_name="",
        role_label="培养人选",
        scope="本人（宁波市海曙区实验小学校长）",
        try_this="第三年、第四阶段的学员：定点联系学校、挂职跟岗累计天数、读书笔记与中期考核结果；"
        "待办中有本学期尚未到联系学校开展的指导",
        principal_school=NINGBO_TRAINEE_SCHOOL,
    ),
    DemoAccount(
        username="applicant",
        full_name="",
        role_label="校长（可申报）",
        scope="本人（杭州市西湖小学校长）",
        try_this="在“名校长培养工程第三期人选遴选（小学校长）”中申报：信息由名册预填，逐项显示资格审核结果；提交后由西湖区教育局审核",
        principal_school=APPLICANT_SCHOOL,
    ),
)
