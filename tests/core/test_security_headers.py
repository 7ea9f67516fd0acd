"""Every page sends a Content-Security-Policy without 'unsafe-inline' for scripts (issue 2 §6)."""

import re

import pytest
from django.urls import reverse

PAGES = [
    ("anonymous", "/pieteikties/"),
    ("caseworker", "/"),
    ("caseworker", "/pasvaldibas/"),
    ("caseworker", "riga-detail"),
    ("caseworker", "liepaja-detail"),  # 404
    ("assistant", "/pasvaldibas/"),  # 403
    ("caseworker", "/no-such-page/"),  # 404
    ("admin", "/admin/"),
    ("anonymous", "/health/"),
]


def script_policy(header: str) -> str:
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip())
    return directives.get("script-src") or directives["default-src"]


@pytest.mark.parametrize(("who", "path"), PAGES)
def test_every_page_sends_csp_without_inline_scripts(who, path, client, request, riga, liepaja):
    if who == "admin":
        client.force_login(request.getfixturevalue("admin_user"))
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    if path.endswith("-detail"):
        target = riga if path.startswith("riga") else liepaja
        path = reverse("assistance:municipality_detail", args=[target.pk])
    response = client.get(path)
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{path} ({response.status_code}) sends no CSP"
    scripts = script_policy(header)
    assert "'self'" in scripts
    assert "unsafe-inline" not in scripts
    assert "unsafe-eval" not in scripts
    assert "frame-ancestors 'none'" in header
    if response.get("Content-Type", "").startswith("text/html") and not path.startswith("/admin"):
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline script on {path}"
        assert " style=" not in html, f"inline style on {path}"


def test_security_headers_on_pages(client, db):
    response = client.get("/pieteikties/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
