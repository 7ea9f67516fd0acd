"""Serving a stored file only through a permission-checked view: as an attachment, never sniffed, never
cached."""

from __future__ import annotations

from django.http import FileResponse, Http404


def private_file(field_file, *, filename: str, content_type: str) -> FileResponse:
    """The stored file as an attachment; Http404 when nothing is stored or the file is gone."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
