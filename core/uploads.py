"""Checking uploaded documents before they are stored: PDF, JPEG and PNG only, within a size limit, with
the content checked and not only the name.

Pure: no ORM, no settings, no storage. The caller passes an uploaded file (anything with `name` and either
`chunks()` or `read()`), gets a `CheckedDocument` back or an `UploadRejected` whose `message` says what is
wrong in the user's language. Used for application documents; meant to serve timesheet scans as well.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

MIB = 1024 * 1024
MAX_DOCUMENT_BYTES = 10 * MIB
MAX_NAME_LENGTH = 150
CHUNK_BYTES = 64 * 1024
# PDF readers accept an %%EOF marker within the last kilobyte (trailing whitespace or padding after it).
PDF_TRAILER_WINDOW = 1024

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
EXTENSIONS: dict[str, str] = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG}
# For the file input's `accept` attribute: extensions and types, so every browser filters the picker.
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
_HEAD_BYTES = max(len(signature) for signature, _type in SIGNATURES)


class UploadRejected(ValueError):
    """An upload that is not accepted; `message` says why, in the user's language (lazy)."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedDocument:
    content_type: str
    size: int
    sha256: str
    safe_name: str


def check_document(upload, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> CheckedDocument:
    """Check an uploaded document and return its type, size, SHA-256 and a name safe to store and show.

    The file is read once in chunks (size and hash without loading it all) and left at position 0.
    Raises UploadRejected: empty, larger than `max_bytes`, a type other than PDF/JPEG/PNG, content that
    does not match the name's extension, a PDF without its %%EOF trailer, or (when Pillow is installed)
    an image that cannot be read.
    """
    safe_name = safe_filename(getattr(upload, "name", "") or "")
    declared_size = getattr(upload, "size", None)
    if declared_size is not None and declared_size > max_bytes:
        raise _too_large(max_bytes)

    digest = hashlib.sha256()
    size = 0
    head = b""
    tail = b""
    for chunk in _chunks(upload):
        size += len(chunk)
        if size > max_bytes:
            _rewind(upload)
            raise _too_large(max_bytes)
        digest.update(chunk)
        if len(head) < _HEAD_BYTES:
            head += chunk[: _HEAD_BYTES - len(head)]
        tail = (tail + chunk[-PDF_TRAILER_WINDOW:])[-PDF_TRAILER_WINDOW:]
    _rewind(upload)

    if size == 0:
        raise UploadRejected(_("The file is empty. Choose the file again."))
    detected = detect_type(head)
    expected = EXTENSIONS.get(os.path.splitext(safe_name)[1].lower())
    if expected is None:
        raise UploadRejected(
            _("This type of file is not allowed. Only PDF, JPEG and PNG files are accepted.")
        )
    if detected != expected:
        raise UploadRejected(_mismatch(safe_name, expected))
    if detected == PDF and b"%%EOF" not in tail:
        raise UploadRejected(
            _("The PDF file is incomplete (its end is missing). Save or download it again and retry.")
        )
    if detected in (JPEG, PNG):
        _verify_image(upload, detected)
        _rewind(upload)
    return CheckedDocument(content_type=detected, size=size, sha256=digest.hexdigest(), safe_name=safe_name)


def detect_type(head: bytes) -> str | None:
    """The content type from the file's first bytes (magic numbers), or None for anything else."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def safe_filename(name: str, *, max_length: int = MAX_NAME_LENGTH) -> str:
    """The base name only (no directories, Windows or POSIX), without control or invisible formatting
    characters (e.g. a right-to-left override), NFC-normalised, at most `max_length` characters with the
    extension kept. Never empty."""
    name = unicodedata.normalize("NFC", str(name))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if not unicodedata.category(char).startswith("C"))
    # Windows drops trailing dots and spaces; "report.pdf. " is "report.pdf".
    name = name.strip().rstrip(". ").strip()
    if name in ("", ".", ".."):
        return "document"
    stem, extension = os.path.splitext(name)
    if not extension and stem.startswith("."):  # ".pdf": splitext sees a hidden file without extension
        stem, extension = "document", stem
    if len(extension) > max_length // 2:
        stem, extension = name, ""
    return stem[: max_length - len(extension)].rstrip() + extension


# ------------------------------------------------------------------------------------------ helpers

_KIND = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}


def _interpolate(message: str | Promise, params: dict) -> str:
    return str(message) % {key: str(value) for key, value in params.items()}


_lazy_interpolate = lazy(_interpolate, str)


def _mismatch(safe_name: str, expected: str) -> Promise:
    return _lazy_interpolate(
        _(
            "The content of the file “%(name)s” does not match its name: it is not a real %(kind)s file. "
            "Only PDF, JPEG and PNG files are accepted."
        ),
        {"name": safe_name, "kind": _KIND[expected]},
    )


def _megabytes(count: int) -> str:
    from django.utils.formats import number_format

    value = count / MIB
    if value.is_integer():
        return number_format(int(value))
    return number_format(round(value, 2), decimal_pos=2 if value < 1 else 1)


def _too_large(max_bytes: int) -> UploadRejected:
    return UploadRejected(
        _lazy_interpolate(
            _("The file is too large. The largest file accepted is %(limit)s MB."),
            {"limit": lazy(_megabytes, str)(max_bytes)},
        )
    )


def _chunks(upload) -> Iterator[bytes]:
    if hasattr(upload, "chunks"):
        yield from upload.chunks(CHUNK_BYTES)
        return
    _rewind(upload)
    while chunk := upload.read(CHUNK_BYTES):
        yield chunk


def _rewind(upload) -> None:
    seek = getattr(upload, "seek", None)
    if seek is not None:
        seek(0)


def _verify_image(upload, content_type: str) -> None:
    """With Pillow (installed with WeasyPrint) the image's structure is parsed, not just its first bytes;
    a damaged or decompression-bomb image is refused. Without Pillow the signature check stands alone."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with WeasyPrint
        return
    _rewind(upload)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload, formats=[_KIND[content_type]]) as image:
                image.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many exception types for malformed images
        raise UploadRejected(
            _("The image cannot be read: the file is damaged or incomplete. Save it again and retry.")
        ) from None
