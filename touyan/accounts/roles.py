from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AUTHORITY_ADMIN = "authority_admin", _("教育行政部门管理员")
    CENTRE_STAFF = "centre_staff", _("培训中心工作人员")
    DISTRICT_OFFICER = "district_officer", _("区县教育局工作人员")
    EXPERT = "expert", _("评审专家")
    STUDIO_HOST = "studio_host", _("工作室主持人")
    MEMBER = "member", _("成员 / 培养人选")
    MENTOR = "mentor", _("导师")
    # 市教育科学研究院 (HZ-4.2.1): granted per programme; reads and guides the trainees' research.
    RESEARCH_INSTITUTE = "research_institute", _("教育科学研究院")
    # 财务联系人 (HN-6.1, HZ-4.2.3): granted on one studio (the host school's finance office) or
    # one cohort (the training centre's finance contact); enters that holder's expenses.
    FINANCE_CONTACT = "finance_contact", _("财务联系人")


# Roles whose scope is a place in the division tree and who act on what lies inside it.
JURISDICTION_ROLES = frozenset({Role.AUTHORITY_ADMIN, Role.CENTRE_STAFF, Role.DISTRICT_OFFICER})


# Where a role may be granted: most roles in a region or on a programme; a finance contact only
# on one studio or one cohort (the holder whose expenses they enter).
SCOPE_KINDS = {Role.FINANCE_CONTACT: ("studio", "cohort")}
DEFAULT_SCOPE_KINDS = ("region", "programme")
SCOPE_KIND_WORDS = {
    "region": _("辖区"),
    "programme": _("培养项目"),
    "studio": _("工作室"),
    "cohort": _("培训班"),
}


def scope_kinds(role: str) -> tuple[str, ...]:
    return SCOPE_KINDS.get(role, DEFAULT_SCOPE_KINDS)


def scope_misfit(role: str, kind: str) -> str:
    """Why ``role`` may not be granted on a scope of ``kind`` ("region", "programme", "studio",
    "cohort"), in words; "" when it may."""
    allowed = scope_kinds(role)
    if kind in allowed:
        return ""
    return gettext("“%(role)s”只能授予在%(allowed)s上，不能授予在%(kind)s上。") % {
        "role": Role(role).label,
        "allowed": gettext("或").join(str(SCOPE_KIND_WORDS[k]) for k in allowed),
        "kind": SCOPE_KIND_WORDS[kind],
    }
