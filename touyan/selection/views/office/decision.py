"""The competitive decision (差额审核), one application in full, the notice and its objections."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.core.feedback import form_errors, report
from touyan.core.pagination import paginate
from touyan.holidays.workdays import YearUnknown

from ...forms.office import DecisionForm, NoticeForm, ObjectionForm
from ...models import Application, Call, Notice, Objection, Review
from ...policy import call_spec
from ...presenters import findings
from ...selectors import forwarded, ranking
from ...services import decisions
from .base import CallPage, ratio
from .lists import lists_context

S = Application.Status
RANKING_ROWS = 100
DECIDABLE = frozenset({S.ENDORSED, S.SELECTED, S.NOT_SELECTED})


def decide(view, data) -> Application | None:
    """Decide one candidate from a posted DecisionForm; refusals become messages."""
    form = DecisionForm(data, applications=forwarded(view.call))
    if not form.is_valid():
        form_errors(view.request, form)
        return None
    application = form.cleaned_data["application"]
    prefix = f"{application.number} {application.principal.name}："
    try:
        application = decisions.decide(
            actor=view.actor,
            application=application,
            selected=form.cleaned_data["selected"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        report(view.request, error, prefix)
    else:
        messages.success(view.request, prefix + Application.Status(application.status).label)
    return application


class RankingView(CallPage):
    template_name = "selection/office/ranking.html"
    tab = "ranking"

    def get_context_data(self, **kwargs):
        call = self.call
        spec = call_spec(call)
        candidates = ranking(call).annotate(assigned=Count("reviews", distinct=True))
        page, query = paginate(self.request, candidates, RANKING_ROWS)
        by_status = dict(
            Application.objects.filter(call=call, status__in=DECIDABLE)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        total = page.paginator.count
        first = page.start_index()
        return super().get_context_data(
            page=page,
            query=query,
            rows=[
                {"rank": first + i, "application": a, "findings": findings(a, spec)}
                for i, a in enumerate(page)
            ],
            candidates=total,
            ratio=ratio(total, call.places),
            taken=by_status.get(S.SELECTED, 0),
            declined=by_status.get(S.NOT_SELECTED, 0),
            undecided=by_status.get(S.ENDORSED, 0),
            deciding=call.stage == Call.Stage.DECISION,
            why_not=self.why_not(),
            **kwargs,
        )

    def why_not(self) -> str:
        stage = self.call.stage
        if stage in (Call.Stage.DRAFT, Call.Stage.OPEN):
            return _("申报与推荐尚未结束。审定在专家评审结束后进行，此处暂只供查看。")
        if stage == Call.Stage.REVIEW:
            left = Review.objects.filter(
                application__call=self.call, submitted_at__isnull=True
            ).count()
            return _(
                "专家评审进行中（尚有 %(count)d 份评审未提交）。结束评审后才能审定，"
                "以下评分只供查看，仍可能变化。"
            ) % {"count": left}
        if stage == Call.Stage.NOTICE:
            return _("审定结果已公示，不能再修改。")
        if stage == Call.Stage.FINAL:
            return _("名单已确定。")
        return ""

    def post(self, request, *args, **kwargs):
        application = decide(self, request.POST)
        return self.back(f"a{application.pk}" if application else "")


class NoticeView(CallPage):
    template_name = "selection/office/notice.html"
    tab = "notice"

    def get_context_data(self, **kwargs):
        call = self.call
        notice = Notice.objects.filter(call=call).first()
        listed = (
            call.applications.filter(status__in=[S.SELECTED, S.CONFIRMED, S.STRUCK])
            .select_related("principal__school", "district")
            .order_by("-score", "district_id", "pk")
        )
        form = kwargs.pop("form", None)
        if notice is None and call.stage == Call.Stage.DECISION and form is None:
            form = NoticeForm(initial={"starts_on": timezone.localdate()})
        kwargs.update(self.finalising(notice))
        ends_on, missing_year = self.ends_on(form)
        return super().get_context_data(
            notice=notice,
            listed=listed,
            form=form,
            ends_on=ends_on,
            missing_year=missing_year,
            objections=self.objections(notice),
            days=self.spec.notice_working_days,
            undecided=forwarded(call).filter(status=S.ENDORSED).count(),
            **lists_context(call),
            **kwargs,
        )

    def ends_on(self, form) -> tuple:
        """The last day of the notice for the start day on the form, as long as it is a day,
        or the year whose holiday arrangement is missing to compute it."""
        if form is None:
            return None, None
        raw = form.data.get("starts_on") if form.is_bound else form.initial.get("starts_on")
        try:
            starts_on = form.fields["starts_on"].clean(raw)
        except ValidationError:
            return None, None
        try:
            return decisions.notice_ends_on(self.call, starts_on), None
        except YearUnknown as unknown:
            return None, unknown.year

    def objections(self, notice) -> list:
        if notice is None:
            return []
        return list(notice.objections.select_related("application__principal", "handled_by"))

    def finalising(self, notice) -> dict:
        if notice is None:
            return {"can_finalise": False, "pending": 0}
        pending = notice.objections.filter(status=Objection.Status.PENDING).count()
        today = timezone.localdate()
        noticing = self.call.stage == Call.Stage.NOTICE
        why = ""
        if noticing and today <= notice.ends_on:
            why = _("公示期至 %(date)s，期满后才能确定名单。") % {
                "date": notice.ends_on.isoformat()
            }
        elif noticing and pending:
            why = _("还有 %(count)d 条异议未处理。") % {"count": pending}
        return {
            "pending": pending,
            "can_finalise": noticing and not why,
            "why_not": why,
        }

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        if action == "finalise":
            if request.POST.get("confirmed") != "1":
                # The first press shows every objection and its handling to confirm.
                return self.render_to_response(self.get_context_data(confirming=True))
            try:
                confirmed = decisions.finalise(actor=self.actor, call=self.call)
            except ValidationError as error:
                report(request, error)
            else:
                messages.success(
                    request, _("名单已确定：正式入选 %(count)d 人") % {"count": len(confirmed)}
                )
            return self.back()
        if action == "preview":
            form = NoticeForm(initial=request.POST.dict())
            return self.render_to_response(self.get_context_data(form=form))
        form = NoticeForm(request.POST)
        if form.is_valid():
            try:
                decisions.publish_notice(actor=self.actor, call=self.call, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已发布公示"))
                return self.back()
        return self.render_to_response(self.get_context_data(form=form))


class ObjectionsView(CallPage):
    template_name = "selection/office/objections.html"
    tab = "objections"

    def get_context_data(self, **kwargs):
        notice = Notice.objects.filter(call=self.call).first()
        objections = []
        if notice is not None:
            objections = sorted(
                notice.objections.select_related(
                    "application__principal__school", "application__call__programme", "handled_by"
                ),
                key=lambda o: (o.status != Objection.Status.PENDING, o.lodged_at, o.pk),
            )
            for objection in objections:
                objection.handled_here = self.request.user.has_perm(
                    "selection.handle_objection", objection
                )
        return super().get_context_data(
            notice=notice,
            objections=objections,
            handling=self.call.stage == Call.Stage.NOTICE,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = ObjectionForm(request.POST, call=self.call)
        if not form.is_valid():
            form_errors(request, form)
            return self.back()
        data = form.cleaned_data
        try:
            decisions.handle_objection(
                actor=self.actor,
                objection=data["objection"],
                upheld=data["upheld"],
                handling=data["handling"],
            )
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("已记录处理结果"))
        return redirect(request.path)
