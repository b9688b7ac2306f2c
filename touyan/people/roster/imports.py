"""The roster as an import of ``touyan.core.imports``: upload, dry run, confirm once."""

from django.utils.translation import gettext_lazy as _

from touyan.accounts.scopes import scope_of
from touyan.core.imports.importers import Labels

from .importer import RosterRejected, apply_plan, plan_checked, read_roster


class RosterImporter:
    permission = "people.import_roster"
    refusals = (RosterRejected,)
    labels = Labels(
        done=_(
            "导入完成：新增校长%(principals_created)d人，更新%(principals_updated)d人，"
            "新增学校%(schools_created)d所，更新学校%(schools_updated)d所，跳过%(rows_rejected)d行"
        ),
        discarded=_("已放弃本次导入，名册未作任何改动"),
        nothing_new=_("名册中已是这些数据，无需导入。"),
    )

    def context(self, upload, *, lock):
        return {}

    def fields(self):
        return {}

    def permission_object(self):
        return None

    def read(self, file, actor):
        return read_roster(file, scope=scope_of(actor.user))

    def plan(self, rows, actor):
        return plan_checked(rows, scope=scope_of(actor.user))

    def apply(self, plan, actor, *, skip_invalid, note, progress=None):
        return apply_plan(
            plan, actor=actor, skip_invalid=skip_invalid, note=note, progress=progress
        )

    def rejected_row(self, outcome):
        return {
            "row": outcome.row,
            "name": outcome.name,
            "id_masked": outcome.id_masked,
            "messages": outcome.messages,
        }

    def audit_scope(self, upload):
        return ""
