"""Completion pages (HZ-3.4.3, HZ-4.2.4, HZ-4.2.4.1): the centre's decision for a whole cohort
on one page, a trainee's evaluation (milestone verdicts, the mentors' opinion), the transcript
and its public verification, the credit file."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.downloads import name_download
from touyan.core.permissions import ObjectPermissionMixin
from touyan.core.personal_data import may_ask_in_full
from touyan.core.uploads import XLSX
from touyan.programmes.models import Cohort, Programme, Trainee

from .. import credits
from ..evidence import evidence_for, figures, final_round, flags, plan_evaluations
from ..forms.completion import OpinionForm, VerdictForm, decision_forms
from ..models import Completion, MentorOpinion, Milestone
from ..services import completion as services
from ..transcript import certificates_of, public_summary, trainee_for_code, transcript_of

TRAINEES = Trainee.objects.select_related("cohort__programme", "principal__school__region")


class CohortCompletionView(ObjectPermissionMixin, TemplateView):
    """结业审核: every trainee of the cohort, their key evidence with red flags, the round's
    grade, and a result with its reason; saved all at once."""

    permission_required = "training.decide_completion"
    template_name = "training/completion/cohort.html"

    def get_queryset(self):
        return Cohort.objects.select_related("programme")

    @cached_property
    def trainees(self) -> list[Trainee]:
        return list(TRAINEES.filter(cohort=self.get_object()).order_by("pk"))

    @cached_property
    def decidable(self) -> list[Trainee]:
        return [t for t in self.trainees if t.status != Trainee.Status.REMOVED]

    def get_context_data(self, forms=None, **kwargs):
        cohort = self.get_object()
        round_ = final_round(cohort)
        completions = {c.trainee_id: c for c in Completion.objects.filter(trainee__cohort=cohort)}
        certified = certificates_of([t.pk for t in self.trainees])
        forms = forms or decision_forms(self.decidable, completions)
        by_trainee = dict(zip([t.pk for t in self.decidable], forms, strict=True))
        evidence = evidence_for(cohort, self.trainees, round_)
        grades = {}
        if round_ is not None:
            grades = {
                c.trainee_id: c.grade
                for c in round_.cases.exclude(grade="").only("trainee", "grade")
            }
        rows = []
        for trainee in self.trainees:
            ev = evidence[trainee.pk]
            rows.append(
                {
                    "trainee": trainee,
                    "figures": figures(ev),
                    "flags": flags(ev) if trainee.status != Trainee.Status.REMOVED else [],
                    "removal": ev.get("removal"),
                    "grade": grades.get(trainee.pk, ""),
                    "completion": completions.get(trainee.pk),
                    "certified": trainee.pk in certified,
                    "form": by_trainee.get(trainee.pk),
                }
            )
        return super().get_context_data(
            cohort=cohort,
            round=round_,
            rows=rows,
            decided=len(completions),
            total=len(self.decidable),
            default_reason=services.default_pass_reason(),
            may_export=may_ask_in_full(self.request.user),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        cohort = self.get_object()
        completions = {c.trainee_id: c for c in Completion.objects.filter(trainee__cohort=cohort)}
        forms = decision_forms(self.decidable, completions, request.POST)
        pass_all = request.POST.get("pass_unflagged") == "1"
        choices = {}
        if pass_all:
            evidence = evidence_for(cohort, self.decidable, final_round(cohort))
            for trainee in self.decidable:
                if trainee.pk not in completions and not flags(evidence[trainee.pk]):
                    choices[trainee.pk] = services.Choice(services.PASS, "")
        elif all(form.is_valid() for form in forms):
            for trainee, form in zip(self.decidable, forms, strict=True):
                result = form.cleaned_data["result"]
                if not result:
                    continue
                reason = form.cleaned_data["reason"]
                done = completions.get(trainee.pk)
                if (
                    done
                    and done.result == result
                    and done.reason == (reason.strip() or done.reason)
                ):
                    continue
                choices[trainee.pk] = services.Choice(result, reason)
        else:
            messages.error(request, _("有些行未能保存，请按提示修改"))
            return self.render_to_response(self.get_context_data(forms=forms))
        if not choices:
            messages.info(request, _("没有需要保存的结论"))
            return redirect(request.path)
        try:
            done = services.decide_cohort(
                actor=Actor.from_request(request), cohort=cohort, choices=choices
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return self.render_to_response(self.get_context_data(forms=forms))
        messages.success(request, _("已保存 %(n)d 人的结业结论") % {"n": len(done)})
        return redirect(request.path)


class EvaluationView(ObjectPermissionMixin, TemplateView):
    """The plan's evaluation milestone by milestone, and the mentors' opinion (HZ-3.3.3)."""

    permission_required = "training.judge_milestones"
    template_name = "training/completion/evaluation.html"

    def get_queryset(self):
        return TRAINEES

    def get_context_data(self, **kwargs):
        trainee = self.get_object()
        plan = plan_evaluations([trainee.pk]).get(
            trainee.pk, {"approved": False, "version": None, "milestones": []}
        )
        user = self.request.user
        decided = Completion.objects.filter(trainee=trainee).exists()
        opinion = MentorOpinion.objects.filter(trainee=trainee).first()
        for item in plan["milestones"]:
            item["form"] = VerdictForm(
                initial={"milestone": item["id"], "level": item["level"], "note": item["note"]},
                prefix=f"m{item['id']}",
            )
        return super().get_context_data(
            trainee=trainee,
            plan=plan,
            opinion=opinion,
            opinion_form=kwargs.pop("opinion_form", None)
            or OpinionForm(initial={"text": opinion.text if opinion else ""}),
            may_write_opinion=user.has_perm("training.write_opinion", trainee) and not decided,
            may_judge=not decided and trainee.status != Trainee.Status.REMOVED,
            decided=decided,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        trainee = self.get_object()
        actor = Actor.from_request(request)
        try:
            if "opinion" in request.POST:
                form = OpinionForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(opinion_form=form))
                services.write_opinion(actor=actor, trainee=trainee, text=form.cleaned_data["text"])
                messages.success(request, _("导师团队意见已保存"))
            else:
                prefix = request.POST.get("prefix", "")
                form = VerdictForm(request.POST, prefix=prefix)
                if not form.is_valid():
                    messages.error(request, _("请选择达成情况"))
                    return redirect(request.path)
                milestone = Milestone.objects.filter(pk=form.cleaned_data["milestone"]).first()
                if milestone is None:
                    raise Http404
                services.judge_milestone(
                    actor=actor,
                    trainee=trainee,
                    milestone=milestone,
                    level=form.cleaned_data["level"],
                    note=form.cleaned_data["note"],
                )
                messages.success(request, _("里程碑评价已保存"))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(request.path)


class TranscriptView(ObjectPermissionMixin, TemplateView):
    permission_required = "training.view_transcript"
    template_name = "training/completion/transcript.html"

    def get_queryset(self):
        return TRAINEES

    def get_context_data(self, **kwargs):
        return super().get_context_data(**transcript_of(self.get_object()), **kwargs)


class TranscriptPdfView(ObjectPermissionMixin, View):
    permission_required = "training.view_transcript"

    def get_queryset(self):
        return TRAINEES

    def get(self, request, *args, **kwargs):
        trainee = self.get_object()
        pdf = services.export_transcript(actor=Actor.from_request(request), trainee=trainee)
        return name_download(
            HttpResponse(pdf, content_type="application/pdf"),
            f"{trainee.principal.name}-培训档案.pdf",
            f"transcript-{trainee.pk}.pdf",
        )


class TranscriptVerifyView(TemplateView):
    """Public: whether a transcript is genuine, with the name, programme, cohort, status and
    hours — never an ID number."""

    template_name = "training/completion/verify.html"

    def get_context_data(self, **kwargs):
        trainee = trainee_for_code(self.kwargs["code"])
        if trainee is None:
            raise Http404
        return super().get_context_data(summary=public_summary(trainee), **kwargs)


class CreditsView(ObjectPermissionMixin, View):
    """The training-credit file of the programme (or of one cohort, ``?cohort=<pk>``)."""

    permission_required = "training.export_credits"

    def get_queryset(self):
        return Programme.objects.all()

    def get(self, request, *args, **kwargs):
        programme = self.get_object()
        # The file carries full ID numbers (the provincial platform matches people by them):
        # it is only ever the explicit, audited option (``full=1``) of a user with the right.
        if request.GET.get("full") != "1":
            raise Http404
        cohort = None
        if "cohort" in request.GET:
            # One cohort's file or none: never the whole programme's for a cohort not in it.
            wanted = request.GET["cohort"]
            cohort = (
                programme.cohorts.filter(pk=int(wanted)).first() if wanted.isdecimal() else None
            )
            if cohort is None:
                raise Http404
        response = HttpResponse(content_type=XLSX.content_type)
        name_download(
            response, f"{programme.name}-培训学分.xlsx", f"training-credits-{programme.pk}.xlsx"
        )
        credits.export_credits(
            actor=Actor.from_request(request), programme=programme, out=response, cohort=cohort
        )
        return response
