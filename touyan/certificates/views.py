"""Pages of certificates, by audience: the public (verification by token, lookup by number, the
published keys), the centre (a cohort's certificates, issuing, revocation), the trainee and the
centre (a certificate with its downloads), the authority (the seal)."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.addresses import client_address
from touyan.core.downloads import file_download, name_download
from touyan.core.permissions import ObjectPermissionMixin
from touyan.core.throttles import Rate, take
from touyan.jobs.models import Job
from touyan.programmes.models import Cohort, Programme

from . import keys
from .credentials import MEDIA_TYPE
from .forms import LookupForm, RevokeForm, SealForm
from .models import Seal
from .selectors import (
    certificates_visible_to,
    programmes_managed_by,
    public_certificate,
    token_of_number,
)
from .services import (
    ISSUE_JOB,
    passes_without_certificate,
    request_issue,
    revoke_certificate,
    upload_seal,
)

# Ten lookups at once, then one every six seconds per address: a person checks a few numbers;
# walking through the numbering would take weeks.
LOOKUP_RATE = Rate(burst=10, interval=6)


# The public -----------------------------------------------------------------------------------


class VerifyView(TemplateView):
    template_name = "certificates/verify.html"

    def get_context_data(self, **kwargs):
        certificate = public_certificate(self.kwargs["token"])
        if certificate is None:
            raise Http404
        return super().get_context_data(
            certificate=certificate,
            fingerprint=keys.fingerprint(certificate.key_id) if certificate.key_id else "",
            keys_url=reverse("certificates_keys"),
            **kwargs,
        )


class LookupView(TemplateView):
    """``?number=…``: to the certificate's page, or a plain "not found"."""

    template_name = "certificates/lookup.html"

    def get(self, request, *args, **kwargs):
        if "number" not in request.GET:
            return self.render_to_response(self.get_context_data(form=LookupForm()))
        form = LookupForm(request.GET)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        address = client_address(request) or "unknown"
        key = "certificates.lookup:" + hashlib.sha256(address.encode()).hexdigest()[:32]
        if wait := take(key, LOOKUP_RATE):
            response = self.render_to_response(
                self.get_context_data(form=form, wait=wait), status=429
            )
            response["Retry-After"] = str(wait)
            return response
        token = token_of_number(form.cleaned_data["number"])
        if token is None:
            return self.render_to_response(self.get_context_data(form=form, not_found=True))
        return redirect("certificates:verify", token=token)


def published_keys(request):
    response = JsonResponse(keys.jwks())
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


# The trainee and the centre -----------------------------------------------------------------


class CertificateMixin(ObjectPermissionMixin):
    permission_required = "certificates.view_certificate"

    def get_queryset(self):
        return certificates_visible_to(self.request.user)


class CertificateView(CertificateMixin, TemplateView):
    template_name = "certificates/detail.html"

    def get_context_data(self, **kwargs):
        certificate = self.get_object()
        return super().get_context_data(
            certificate=certificate,
            may_revoke=self.request.user.has_perm("certificates.revoke", certificate),
            form=RevokeForm(),
            **kwargs,
        )


class PdfView(CertificateMixin, View):
    def get(self, request, pk):
        certificate = self.get_object()
        return file_download(certificate.pdf, f"结业证书-{certificate.number}.pdf")


class CredentialView(CertificateMixin, View):
    def get(self, request, pk):
        certificate = self.get_object()
        if not certificate.credential:
            raise Http404
        response = HttpResponse(certificate.credential, content_type=MEDIA_TYPE)
        name = f"{certificate.number}.jwt"
        return name_download(response, name, name)


class RevokeView(CertificateMixin, View):
    permission_required = "certificates.revoke"

    def post(self, request, pk):
        certificate = self.get_object()
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                revoke_certificate(
                    actor=Actor.from_request(request, user=request.user),
                    certificate=certificate,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("证书已撤销"))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, _("撤销证书须写明原因"))
        return redirect("certificates:detail", pk=certificate.pk)


# The centre: a cohort's certificates --------------------------------------------------------


class CohortView(ObjectPermissionMixin, TemplateView):
    template_name = "certificates/cohort.html"
    permission_required = "certificates.issue"

    def get_queryset(self):
        return Cohort.objects.select_related("programme").filter(
            programme__in=programmes_managed_by(self.request.user)
        )

    def get_context_data(self, **kwargs):
        cohort = self.get_object()
        job = Job.objects.filter(kind=ISSUE_JOB, payload__cohort=cohort.pk).order_by("-pk").first()
        return super().get_context_data(
            cohort=cohort,
            certificates=cohort.certificates.order_by("sequence"),
            pending=passes_without_certificate(cohort).select_related("trainee__principal"),
            job=job,
            **kwargs,
        )

    def post(self, request, pk):
        cohort = self.get_object()
        try:
            job = request_issue(actor=Actor.from_request(request, user=request.user), cohort=cohort)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("certificates:cohort", pk=cohort.pk)
        messages.success(request, _("已开始发放结业证书"))
        return redirect("jobs:detail", pk=job.pk)


# The authority: the seal --------------------------------------------------------------------


class SealMixin(ObjectPermissionMixin):
    permission_required = "certificates.view_seal"

    def get_queryset(self):
        return Programme.objects.select_related("jurisdiction")


class SealView(SealMixin, TemplateView):
    template_name = "certificates/seal.html"
    upload_kind = "seal"

    def get_context_data(self, **kwargs):
        programme = self.get_object()
        return super().get_context_data(
            programme=programme,
            seal=Seal.objects.filter(programme=programme).first(),
            may_upload=self.request.user.has_perm("certificates.manage_seal", programme),
            form=kwargs.pop("form", None) or SealForm(),
            **kwargs,
        )

    def post(self, request, pk):
        programme = self.get_object()
        if not request.user.has_perm("certificates.manage_seal", programme):
            raise Http404
        form = SealForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload_seal(
                    actor=Actor.from_request(request, user=request.user),
                    programme=programme,
                    upload=form.cleaned_data["image"],
                )
            except ValidationError as exc:
                form.add_error("image", exc)
            else:
                messages.success(request, _("印章已上传"))
                return redirect("certificates:seal", pk=programme.pk)
        return self.render_to_response(self.get_context_data(form=form))


class SealImageView(SealMixin, View):
    def get(self, request, pk):
        seal = get_object_or_404(Seal, programme=self.get_object())
        return file_download(seal.image, "seal")
