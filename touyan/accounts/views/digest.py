"""The page, reached from the inbox, where a person turns the daily 待办 e-mail on or off."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import FormView

from touyan.core.actors import Actor

from ..digest import DigestForm, set_inbox_digest


class DigestView(LoginRequiredMixin, FormView):
    template_name = "accounts/digest.html"
    form_class = DigestForm

    def get_initial(self):
        return {"inbox_digest": self.request.user.inbox_digest}

    def form_valid(self, form):
        enabled = form.cleaned_data["inbox_digest"]
        set_inbox_digest(
            actor=Actor.from_request(self.request),
            user=self.request.user,
            enabled=enabled,
            language=translation.get_language(),
        )
        if enabled:
            messages.success(self.request, _("已开启每日待办邮件。"))
        else:
            messages.success(self.request, _("已关闭每日待办邮件。"))
        return redirect(reverse("core:inbox"))
