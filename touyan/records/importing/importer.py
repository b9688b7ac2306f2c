"""The record workbook as an import of ``touyan.core.imports``: upload into a programme, dry
run, confirm once."""

from django.utils.translation import gettext_lazy as _

from touyan.core.imports.importers import Labels
from touyan.programmes.models import Programme

from .planning import plan_sheets, read_records
from .writing import RecordsRejected, apply_plan


class RecordImporter:
    permission = "records.import_records"
    refusals = (RecordsRejected,)
    labels = Labels(
        done=_(
            "导入完成：新增活动%(activities_created)d项，更新%(activities_updated)d项；"
            "考勤新增%(attendance_created)d条，更新%(attendance_updated)d条；"
            "成果新增%(deliverables_created)d项，更新%(deliverables_updated)d项；"
            "跳过%(rows_rejected)d行"
        ),
        discarded=_("已放弃本次导入，没有写入任何记录"),
        nothing_new=_("系统中已是这些记录，无需导入。"),
    )

    def context(self, upload, *, lock):
        """Imports into one programme wait for each other (a row lock on the programme), so
        that two of them cannot both create the same activity."""
        programmes = Programme.objects.select_related("policy_version")
        if lock:
            programmes = programmes.select_for_update()
        return {"programme": programmes.get(pk=upload.programme_id)}

    def fields(self, *, programme):
        return {"programme": programme}

    def permission_object(self, *, programme):
        return programme

    def read(self, file, actor, *, programme):
        return read_records(file)

    def plan(self, sheets, actor, *, programme):
        return plan_sheets(sheets, programme=programme, user=actor.user)

    def apply(self, plan, actor, *, skip_invalid, note, programme, progress=None):
        return apply_plan(plan, actor=actor, skip_invalid=skip_invalid, progress=progress)

    def rejected_row(self, outcome):
        return {
            "sheet": outcome.sheet,
            "row": outcome.row,
            "label": outcome.label,
            "messages": outcome.messages,
        }

    def audit_scope(self, upload):
        return upload.programme.jurisdiction_id
