"""PDF documents from Django templates (STYLE.md, "PDF and files"): decisions, contracts, reports.

Templates live under `<app>/templates/<app>/pdf/`, set `@page { size: A4 }` and use DejaVu fonts, which
have the Latvian letters. Callers store the bytes in a `FileField` together with `sha256_hex(data)`.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template_name: str, context: dict, *, language: str = "lv") -> bytes:
    """Render `template_name` with `context` in `language` and convert the HTML to PDF with WeasyPrint.

    Relative URLs in the template (stylesheets, images) resolve against the static folder.
    """
    from weasyprint import HTML  # imported here: loading WeasyPrint costs time at start-up

    with translation.override(language):
        html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()


def sha256_hex(data: bytes) -> str:
    """The SHA-256 checksum stored beside a generated file."""
    return hashlib.sha256(data).hexdigest()
