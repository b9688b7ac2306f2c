from django.db import models
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
