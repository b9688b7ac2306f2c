"""Verdicts once given: the programme's snapshots, taking one, and downloading one as JSON.
Snapshots hold every subject's verdicts, so only the programme's managers see them."""

from __future__ import annotations

import json
from functools import cached_property

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from touyan.core.actors import Actor
from touyan.core.downloads import name_download
from touyan.core.permissions import PermissionMixin
from touyan.programmes.selectors import programme_for

from ..forms import SnapshotForm
from ..models import Snapshot
from ..services import ask_snapshot, snapshots_asked


class SnapshotMixin(PermissionMixin):
    permission_required = "compliance.keep_snapshots"

    @cached_property
    def programme(self):
        return programme_for(self.request.user, self.kwargs["slug"])

    def get_permission_object(self):
        return self.programme


class SnapshotListView(SnapshotMixin, View):
    def get(self, request, *args, **kwargs):
        return self.page(SnapshotForm(initial={"as_of": timezone.localdate()}))

    def post(self, request, *args, **kwargs):
        form = SnapshotForm(request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        job = ask_snapshot(
            actor=Actor.from_request(request),
            programme=self.programme,
            as_of=form.cleaned_data["as_of"],
            label=form.cleaned_data["label"],
        )
        if job.result:
            snapshot = Snapshot.objects.get(pk=job.result["snapshot"])
            messages.success(
                request,
                _("已存档截至 %(date)s 的结论（依据政策第 %(version)d 版）")
                % {"date": snapshot.as_of.isoformat(), "version": snapshot.policy_version.number},
            )
        else:
            messages.info(request, _("正在存档，完成后列在“已存档”中。"))
        return redirect("compliance:snapshots", slug=self.programme.slug)

    def page(self, form, status=200):
        snapshots = self.programme.compliance_snapshots.select_related(
            "policy_version__policy", "taken_by"
        ).defer("data")
        return render(
            self.request,
            "compliance/snapshots.html",
            {
                "programme": self.programme,
                "form": form,
                "snapshots": snapshots,
                "asked": snapshots_asked(self.programme),
            },
            status=status,
        )


class SnapshotDownloadView(SnapshotMixin, View):
    def get(self, request, *args, **kwargs):
        snapshot = get_object_or_404(
            Snapshot.objects.filter(programme=self.programme), pk=kwargs["pk"]
        )
        body = json.dumps(snapshot.data, ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        name = f"compliance-{self.programme.slug}-{snapshot.as_of}-{snapshot.pk}.json"
        return name_download(response, name, name)
