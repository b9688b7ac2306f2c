"""What a server error's report (the mail to ADMINS) may carry: no request body, and no ID or
mobile number anywhere else (query string, headers, local variables, the error's own text).

Django's report lists the POST data and every frame's local variables; a form of principals or
an objection holds exactly what must not travel by mail."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from .logging import mask_personal_numbers


class _Shown:
    """A value as the report prints it, already masked (the report prints ``repr``)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


class ScrubbingReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if request is None:
            return {}
        return self._hide_values(request.POST)

    def get_cleansed_multivaluedict(self, request, multivaluedict):
        # A QueryDict met among local variables (request.POST, request.GET): names only.
        return self._hide_values(multivaluedict)

    def get_safe_request_meta(self, request):
        return {
            name: mask_personal_numbers(value) if isinstance(value, str) else value
            for name, value in super().get_safe_request_meta(request).items()
        }

    def get_traceback_frame_variables(self, request, tb_frame):
        return [
            (name, _Shown(mask_personal_numbers(_printed(value))))
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]

    def _hide_values(self, values: MultiValueDict) -> QueryDict:
        hidden = QueryDict(mutable=True)
        for name in values:
            hidden[name] = self.cleansed_substitute
        return hidden


def _printed(value) -> str:
    from django.template.defaultfilters import pprint

    return pprint(value)


class ScrubbedExceptionReporter(ExceptionReporter):
    """The report, with every ID and mobile number masked whatever part of it they came from
    (the URL's query, the error's message)."""

    def get_traceback_text(self):
        return mask_personal_numbers(str(super().get_traceback_text()))

    def get_traceback_html(self):
        return mask_personal_numbers(str(super().get_traceback_html()))
