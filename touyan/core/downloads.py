"""Every file the platform hands out: named (any script, with a plain-ASCII fallback), saved
rather than shown (``attachment``), kept out of shared caches (``private, no-store``) and never
content-sniffed into something else (``nosniff``)."""

from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse

from .uploads import type_of_stored


def name_download(response: HttpResponse, name: str, fallback: str) -> HttpResponse:
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Other spellings of an extension that name the same type.
SAME_TYPE = {"jpg": ("jpg", "jpeg")}


def with_extension(name: str, extension: str) -> str:
    """``name`` ending in ``extension``: a PDF sent as "议程.html" is saved as "议程.pdf", so
    that no one's computer opens it as something else."""
    stem, dot, given = name.rpartition(".")
    if dot and given.lower() in SAME_TYPE.get(extension, (extension,)):
        return name
    return f"{stem if dot else name}.{extension}"


def file_download(field_file, name: str, content_type: str | None = None) -> FileResponse:
    """A stored upload as an attachment; 404 when there is none or it has gone from storage.
    The type is the one the upload was checked as, never guessed from the name given, and so
    is the extension the file is saved under."""
    if not field_file:
        raise Http404
    file_type = type_of_stored(field_file.name)
    if content_type is None:
        content_type = file_type.content_type if file_type else "application/octet-stream"
    if file_type is not None:
        name = with_extension(name, file_type.extension)
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
