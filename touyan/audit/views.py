from django.views.generic import TemplateView

from touyan.core.pagination import paginate
from touyan.core.permissions import PermissionMixin

from .forms import AuditFilterForm
from .presenters import change_rows
from .selectors import entries_visible_to


class AuditListView(PermissionMixin, TemplateView):
    permission_required = "audit.view_trail"
    template_name = "audit/entry_list.html"

    def get_context_data(self, **kwargs):
        entries = entries_visible_to(self.request.user)
        form = AuditFilterForm(self.request.GET or None)
        if form.is_valid():
            data = form.cleaned_data
            if data["actor"]:
                entries = entries.filter(actor_label__contains=data["actor"])
            if data["verb"]:
                entries = entries.filter(verb=data["verb"])
            if data["target"]:
                entries = entries.filter(target_label__contains=data["target"])
            if data["since"]:
                entries = entries.filter(at__date__gte=data["since"])
            if data["until"]:
                entries = entries.filter(at__date__lte=data["until"])
        page, query = paginate(self.request, entries, per_page=50)
        for entry in page.object_list:
            entry.change_rows = change_rows(entry)
        return super().get_context_data(form=form, page=page, query=query, **kwargs)
