from django.contrib.admin.apps import AdminConfig


class SysadminConfig(AdminConfig):
    """Django's admin with the project's audited site (``audit/sysadmin.py``) as its default."""

    default_site = "touyan.audit.sysadmin.AuditedAdminSite"
