"""The roll call of one activity: one form, one submit, then back to the same page (PRG)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView

from touyan.core.actors import Actor

from ..forms import AttendanceForm
from ..selectors import participants_recorded_by
from ..services import expected_participants, record_attendance
from .base import ActivityMixin, with_schools


class AttendanceView(ActivityMixin, FormView):
    permission_required = "records.take_attendance"
    template_name = "records/attendance.html"

    def get_form(self, form_class=None):
        activity = self.activity
        allowed = participants_recorded_by(self.request.user, activity)
        # Hosts first, then members in the order they joined (or trainees by enrolment).
        people = [
            person
            for pk, person in with_schools(expected_participants(activity)).items()
            if allowed is None or pk in allowed
        ]
        existing = {row.principal_id: row for row in activity.attendance.all()}
        return AttendanceForm(**self.get_form_kwargs(), people=people, existing=existing)

    def form_valid(self, form):
        changed = record_attendance(
            actor=Actor.from_request(self.request), activity=self.activity, marks=form.marks()
        )
        if changed:
            messages.success(
                self.request,
                ngettext(
                    "已保存考勤：%(count)d 人有变化", "已保存考勤：%(count)d 人有变化", changed
                )
                % {"count": changed},
            )
        else:
            messages.info(self.request, _("考勤与已保存的一致，没有变化"))
        return redirect("records:attendance", slug=self.programme.slug, pk=self.activity.pk)
