"""What every log line carries and what it never carries: the request it belongs to and who
made it (ids only), and no ID or mobile number (masked on every handler)."""

import logging
import re
from contextvars import ContextVar
from dataclasses import dataclass

from pythonjsonlogger.json import JsonFormatter

# 17 digits and a check character, or an 11-digit mainland mobile number.
_ID_NUMBER = re.compile(r"(?<!\d)(\d{4})\d{10}(\d{3}[\dXx])(?![\dXx])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask_personal_numbers(text: str) -> str:
    text = _ID_NUMBER.sub(r"\1**********\2", text)
    return _MOBILE.sub(r"\1****\2", text)


class MaskPersonalData(logging.Filter):
    """A safety net: whatever reaches a log has ID and mobile numbers masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_personal_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class MaskedTextFormatter(logging.Formatter):
    """The whole line masked, the traceback included (the filter sees only the message)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_personal_numbers(super().format(record))


class MaskedJsonFormatter(JsonFormatter):
    """One JSON object per line, masked like the text lines."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_personal_numbers(super().format(record))

    def add_fields(self, log_data, record, message_dict) -> None:
        super().add_fields(log_data, record, message_dict)
        # Django passes the request along with its errors: its method and path only, never the
        # query string (searches carry names), like the access log.
        request = log_data.get("request")
        if request is not None and hasattr(request, "path"):
            log_data["request"] = f"{getattr(request, 'method', '')} {request.path}".strip()


@dataclass
class Context:
    request_id: str = "-"
    user_id: int | str = "-"


# Set by touyan.core.request_ids.RequestIdMiddleware for the time of one request.
current: ContextVar[Context | None] = ContextVar("touyan_log_context", default=None)
_OUTSIDE = Context()


class RequestContext(logging.Filter):
    """Adds ``request_id`` and ``user_id`` to every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = current.get() or _OUTSIDE
        record.request_id = context.request_id
        record.user_id = context.user_id
        return True
