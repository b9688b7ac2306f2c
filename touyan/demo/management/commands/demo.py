import time

from django.core.management.base import BaseCommand

from touyan.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from touyan.demo.build import build_demo
from touyan.demo.record_kit import ProgrammeWritten


class Command(BaseCommand):
    help = (
        "创建演示数据：海南省约150所中学、杭州市约300所中小学和幼儿园及其校长，"
        "进行中的海南省卓越校长工作室项目和杭州市名校长培养工程，以及演示账号。可重复执行。"
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        summary = build_demo()
        elapsed = time.perf_counter() - started
        if options["verbosity"] == 0:
            return
        for label, written in (
            ("海南省", summary.hainan),
            ("杭州市", summary.hangzhou),
            ("宁波市", summary.ningbo),
            ("对口支援地区（贵州省）", summary.partners),
        ):
            self.stdout.write(
                f"{label}：学校 {written.schools} 所（本次新建 {written.schools_created}），"
                f"校长与书记 {written.principals} 人（本次新建 {written.principals_created}）"
            )
        self.stdout.write(_programme_line(summary.studios, "工作室", "主持人与成员"))
        if summary.hainan_diagnosis.created:
            rotation = summary.hainan_diagnosis
            self.stdout.write(
                f"入校诊断轮换：排期 {rotation.planned} 次，已举行 {rotation.held} 次，"
                f"已提交报告 {rotation.reported} 份，整改落实 {rotation.followed_up} 项"
            )
        self.stdout.write(_programme_line(summary.training, "", "培养人选", "第一期（已结业）"))
        if summary.second_cohort.created:
            self.stdout.write(
                _programme_line(summary.second_cohort, "", "培养人选", "第二期（在培）")
            )
        self.stdout.write(_programme_line(summary.third, "", "学员"))
        if summary.assessment.created:
            written = summary.assessment
            self.stdout.write(
                f"第一年度考核（已公布）：工作室 {written.cases} 个，专家评分 {written.scores} 份，"
                f"成员调查答卷 {written.answers} 份，复核 {written.reviews} 件"
            )
        if summary.course.teams:
            course = summary.course
            self.stdout.write(
                f"培训过程与结业：导师团队 {course.teams} 个；第一期淘汰 {course.removed} 1 人，"
                f"结业合格 {course.completed} 人，结业证书 {course.certificates} 份"
                f"（撤销 {course.revoked} 的 1 份）；第二期请假申请 {course.leave_requests} 件，"
                f"课题 {course.projects} 项（教育科学研究院指导）"
            )
        for label, funds in (
            ("海南工作室经费", summary.hainan_funding),
            ("杭州第一期经费", summary.hangzhou_funding),
        ):
            if funds.created:
                self.stdout.write(
                    f"{label}：预算 {funds.budgets} 项，拨付 {funds.disbursements} 笔"
                    f"（待审批 {funds.pending}），支出 {funds.expenses} 笔（冲销 {funds.reversals}，"
                    f"带提示 {funds.warned}），年度结算 {funds.year_ends} 项"
                )
                for line in funds.told:
                    self.stdout.write(f"  {line}")
        if summary.studio_work.created:
            work = summary.studio_work
            self.stdout.write(
                f"工作室制度与任务：主持人文件 {work.documents} 版，任务 {work.tasks} 项"
                f"（成员完成并确认 {work.accepted} 份，退回修改 {work.returned} 份，"
                f"逾期 {work.overdue} 份）"
            )
        if summary.hainan_library.created:
            library = summary.hainan_library
            self.stdout.write(
                f"海南共享资源库：资源 {library.resources} 份（公开 {library.public}，"
                f"由成果一步分享 {library.from_record}），下载 {library.downloads} 次"
            )
        site = summary.hainan_site
        if site.created:
            self.stdout.write(
                f"海南工作室网站：文章 {site.posts} 篇（已发布 {site.published}，"
                f"待主持人审核 {site.waiting}，已撤下 {site.taken_down}），图片 {site.photos} 张"
            )
            for line in site.told:
                self.stdout.write(f"  {line}")
        if summary.hainan_community.created:
            community = summary.hainan_community
            self.stdout.write(
                f"海南工作室学习社区：讨论主题 {community.threads} 个，回帖 {community.posts} 条"
                f"（隐藏 {community.hidden} 条），线上研修 {community.sessions} 次"
                f"（已结束的一次出勤 {community.present} 人、缺勤 {community.absent} 人）"
            )
        self.stdout.write(
            f"演示账号 {summary.accounts.accounts} 个（本次新建 {summary.accounts.created}），"
            f"密码均为 {DEMO_PASSWORD}："
        )
        width = max(len(account.username) for account in DEMO_ACCOUNTS)
        for account in DEMO_ACCOUNTS:
            self.stdout.write(
                f"  {account.username:<{width}}  {account.role_label} · {account.scope}"
            )
        self.stdout.write(f"用时 {elapsed:.1f} 秒。")


def _programme_line(written: ProgrammeWritten, studios: str, people: str, cohort: str = "") -> str:
    if not written.created:
        return f"{written.name}：已存在，未改动"
    parts = [f"{studios} {written.studios} 个"] if studios else []
    parts += [
        f"{people} {written.people} 人",
        f"活动 {written.activities} 次",
        f"成果与文书 {written.deliverables} 份",
        f"课题 {written.projects} 项",
    ]
    return f"{written.name}{cohort}（本次新建）：" + "，".join(parts)
