"""Leave and roll call pages (HZ-3.4.1.1, HZ-3.4.1), by audience: the trainee's own requests,
asking and withdrawing, and signing in with a session code; the centre's list and decision;
the clerk's roll call of one session on a phone."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from touyan.core import throttles
from touyan.core.actors import Actor
from touyan.core.feedback import form_errors, report
from touyan.core.forms import add_service_errors
from touyan.core.permissions import PermissionMixin
from touyan.programmes.views.base import ProgrammeMixin
from touyan.records.selectors import activities_visible_to

from ..forms.leave import CodeForm, DecisionForm, LeaveForm, RollCallForm, SignInForm
from ..models import LeaveRequest
from ..selectors.leave import (
    own_requests,
    own_trainees,
    requests_in,
    requests_managed_by,
    sessions_in,
    sessions_to_ask_for,
)
from ..services import roll_call
from ..services.leave import (
    cohort_of_session,
    decide_leave,
    has_started,
    request_leave,
    withdraw_leave,
)

# Wrong session codes one trainee may enter: five at once, then one more every 20 seconds.
SIGN_IN_RATE = throttles.Rate(burst=5, interval=20)


# The trainee ------------------------------------------------------------------------------


class MyLeaveView(PermissionMixin, TemplateView):
    template_name = "training/leave/mine.html"

    def get(self, request, *args, **kwargs):
        if not own_trainees(request.user).exists():
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        now = timezone.now()
        requests = list(own_requests(self.request.user).order_by("-activity__date", "-pk"))
        for leave in requests:
            leave.started = has_started(leave.activity, now)
        kwargs.update(requests=requests, sessions=sessions_to_ask_for(self.request.user, now))
        return super().get_context_data(**kwargs)


class AskLeaveView(PermissionMixin, FormView):
    template_name = "training/leave/ask.html"
    form_class = LeaveForm

    @cached_property
    def choice(self):
        for trainee, activity in sessions_to_ask_for(self.request.user):
            if activity.pk == self.kwargs["activity"]:
                return trainee, activity
        raise Http404

    def get_context_data(self, **kwargs):
        kwargs.update(trainee=self.choice[0], activity=self.choice[1])
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        trainee, activity = self.choice
        try:
            request_leave(
                actor=Actor.from_request(self.request),
                trainee=trainee,
                activity=activity,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("请假申请已提交，等待培训中心审批"))
        return redirect("training:my_leave")


class WithdrawLeaveView(PermissionMixin, View):
    def post(self, request, pk):
        leave = get_object_or_404(own_requests(request.user), pk=pk)
        try:
            withdraw_leave(actor=Actor.from_request(request), leave=leave)
            messages.success(request, _("请假申请已撤回"))
        except ValidationError as error:
            report(request, error)
        return redirect("training:my_leave")


class SignInView(PermissionMixin, FormView):
    """A trainee enters the code the clerk shows; wrong codes are throttled per account."""

    permission_required = "training.sign_in"
    template_name = "training/leave/sign_in.html"
    form_class = SignInForm

    def form_valid(self, form):
        key = f"session-code:{self.request.user.pk}"
        if wait := throttles.take(key, SIGN_IN_RATE):
            form.add_error(
                None, _("签到码输错次数较多，请 %(seconds)d 秒后再试") % {"seconds": wait}
            )
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response
        try:
            activity = roll_call.sign_in(
                actor=Actor.from_request(self.request), code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        throttles.give_back(key, SIGN_IN_RATE)
        messages.success(
            self.request, _("签到成功：%(title)s，已登记出勤") % {"title": activity.title}
        )
        return redirect("training:sign_in")


# The centre -------------------------------------------------------------------------------


class LeaveRequestsView(ProgrammeMixin, TemplateView):
    permission_required = "programmes.manage_programme"
    template_name = "training/leave/requests.html"

    def get_context_data(self, **kwargs):
        rows = list(requests_in(self.programme).order_by("activity__date", "pk"))
        pending = [r for r in rows if r.state == LeaveRequest.State.REQUESTED]
        now = timezone.now()
        for leave in pending:
            leave.started = has_started(leave.activity, now)
        decided = [r for r in rows if r.state != LeaveRequest.State.REQUESTED]
        kwargs.update(pending=pending, decided=decided[::-1][:200])
        return super().get_context_data(**kwargs)


class DecideLeaveView(PermissionMixin, FormView):
    permission_required = "training.decide_leave"
    template_name = "training/leave/decide.html"
    form_class = DecisionForm

    @cached_property
    def leave(self):
        return get_object_or_404(requests_managed_by(self.request.user), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.leave.trainee

    def get_context_data(self, **kwargs):
        kwargs.update(
            leave=self.leave,
            started=has_started(self.leave.activity),
            programme=self.leave.trainee.cohort.programme,
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            decide_leave(
                actor=Actor.from_request(self.request),
                leave=self.leave,
                grant=form.cleaned_data["decision"] == "grant",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已审批"))
        return redirect("training:leave_requests", self.leave.trainee.cohort.programme.slug)


class SessionsView(ProgrammeMixin, TemplateView):
    """The clerk's way in: the cohort sessions around today, each with its roll call."""

    permission_required = "programmes.manage_programme"
    template_name = "training/leave/sessions.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        kwargs.update(sessions=sessions_in(self.programme, around=today)[:100], today=today)
        return super().get_context_data(**kwargs)


class SessionMixin(ProgrammeMixin):
    """One cohort session of the programme, on which the user may take attendance."""

    permission_required = "records.take_attendance"

    @cached_property
    def activity(self):
        activity = get_object_or_404(
            activities_visible_to(self.request.user, self.programme), pk=self.kwargs["pk"]
        )
        if cohort_of_session(activity) is None:
            raise Http404
        return activity

    def get_permission_object(self):
        return self.activity


class RollCallView(SessionMixin, FormView):
    template_name = "training/leave/roll_call.html"

    def get_form(self, form_class=None):
        return RollCallForm(**self.get_form_kwargs(), rows=roll_call.roll_of(self.activity))

    def get_context_data(self, **kwargs):
        code = roll_call.open_code_of(self.activity)
        kwargs.update(
            activity=self.activity,
            code=code,
            code_form=CodeForm(),
            can_open_code=self.activity.date == timezone.localdate(),
            held=self.activity.date <= timezone.localdate(),
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            changed = roll_call.take_roll(
                actor=Actor.from_request(self.request),
                activity=self.activity,
                statuses=form.statuses(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext("已保存：%(n)d 人有变化", "已保存：%(n)d 人有变化", changed) % {"n": changed},
        )
        return redirect("training:roll_call", self.programme.slug, self.activity.pk)


class OpenCodeView(SessionMixin, View):
    def post(self, request, slug, pk):
        form = CodeForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
        else:
            try:
                roll_call.open_code(
                    actor=Actor.from_request(request),
                    activity=self.activity,
                    minutes=form.cleaned_data["minutes"],
                )
                messages.success(request, _("签到码已开放"))
            except ValidationError as error:
                report(request, error)
        return redirect("training:roll_call", slug, pk)


class CloseCodeView(SessionMixin, View):
    def post(self, request, slug, pk):
        roll_call.close_code(actor=Actor.from_request(request), activity=self.activity)
        messages.success(request, _("签到码已关闭"))
        return redirect("training:roll_call", slug, pk)


class CloseRollView(SessionMixin, View):
    def post(self, request, slug, pk):
        try:
            marked = roll_call.close_roll(actor=Actor.from_request(request), activity=self.activity)
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "点名已结束：%(n)d 名未登记的学员按请假或缺勤登记",
                    "点名已结束：%(n)d 名未登记的学员按请假或缺勤登记",
                    marked,
                )
                % {"n": marked},
            )
        return redirect("training:roll_call", slug, pk)
