from django.utils.translation import gettext_lazy as _

LABELS = {
    "allocation.run": _("成员分配运算"),
    "notifications.mail": _("发送通知邮件"),
    "accounts.reset_mail": _("发送密码重置邮件"),
    "uploads.purge": _("清理未确认的上传"),
    "retention.purge": _("清除超过保存期限的数据"),
    "compliance.nightly_snapshots": _("每日合规存档"),
    "compliance.snapshot": _("合规结论存档"),
    "imports.confirm": _("确认导入"),
    "policies.preview": _("政策草稿结论预览"),
}


def kind_label(kind: str) -> str:
    return LABELS.get(kind, kind)
