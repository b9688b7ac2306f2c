"""Activity files: adding, downloading (only for those who see the activity), removing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView

from touyan.core.actors import Actor
from touyan.core.downloads import file_download
from touyan.core.forms import add_service_errors
from touyan.programmes.views.base import ProgrammeMixin

from ..forms import FileUploadForm
from ..models import ActivityFile
from ..selectors import activities_visible_to
from ..uploads import attach_activity_files, remove_activity_file
from .base import ActivityMixin


class FileUploadView(ActivityMixin, FormView):
    permission_required = "records.change_activity"
    template_name = "records/file_upload.html"
    upload_kind = "activity"
    form_class = FileUploadForm

    def form_valid(self, form):
        try:
            files = attach_activity_files(
                actor=Actor.from_request(self.request),
                activity=self.activity,
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:  # a photo that does not decode is found on storing
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext("已上传 %(count)d 个文件", "已上传 %(count)d 个文件", len(files))
            % {"count": len(files)},
        )
        return redirect("records:activity", slug=self.programme.slug, pk=self.activity.pk)


class ActivityFileMixin(ProgrammeMixin):
    def get_file(self) -> ActivityFile:
        if not hasattr(self, "_file"):
            self._file = get_object_or_404(
                ActivityFile.objects.select_related("activity").filter(
                    activity__in=activities_visible_to(self.request.user, self.programme)
                ),
                pk=self.kwargs["pk"],
            )
        return self._file

    def get_permission_object(self):
        return self.get_file().activity


class FileDownloadView(ActivityFileMixin, View):
    def get(self, request, *args, **kwargs):
        return file_download(self.get_file().file, self.get_file().name)


class FileDeleteView(ActivityFileMixin, View):
    permission_required = "records.change_activity"

    def post(self, request, *args, **kwargs):
        activity_file = self.get_file()
        remove_activity_file(actor=Actor.from_request(request), activity_file=activity_file)
        messages.success(request, _("已删除“%(name)s”") % {"name": activity_file.name})
        return redirect("records:activity", slug=self.programme.slug, pk=activity_file.activity_id)
