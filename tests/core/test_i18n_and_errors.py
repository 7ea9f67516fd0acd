"""Latvian default, English second, dd.mm.yyyy and decimal comma, error pages in both languages."""

import datetime as dt
import decimal
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import path
from django.utils import translation

from core.views import server_error

ROOT = Path(__file__).resolve().parents[2]


def test_latvian_catalogue_has_no_untranslated_or_fuzzy_entry(tmp_path):
    """Run makemessages on a copy of the tree, so a new string without translation fails here."""
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(".venv", ".git", "var", "node_modules", "__pycache__", "*.mo")
    shutil.copytree(ROOT, copy, ignore=ignore)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "lv",
            "--no-obsolete",
            "--ignore=bench",
            "-v",
            "0",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "true"},
    )
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", "locale/lv/LC_MESSAGES/django.po"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=True,
    )
    statistics = result.stderr.strip()
    assert "untranslated" not in statistics, statistics
    assert "fuzzy" not in statistics, statistics
    assert int(re.match(r"(\d+) translated", statistics).group(1)) > 50


@pytest.mark.parametrize("language", ["lv", "en"])
def test_dates_are_dd_mm_yyyy_and_decimals_use_a_comma(language):
    template = engines["django"].from_string("{{ day|date:'SHORT_DATE_FORMAT' }} {{ day }} {{ hours }}")
    with translation.override(language):
        rendered = template.render({"day": dt.date(2026, 3, 5), "hours": decimal.Decimal("22.50")})
    assert rendered == "05.03.2026 05.03.2026 22,50"


def test_language_switcher_sets_english_and_back(client, caseworker):
    client.force_login(caseworker)
    assert "Sākums" in client.get("/").content.decode()
    response = client.post("/valoda/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Dashboard" in html
    client.post("/valoda/", {"language": "lv", "next": "/"})
    assert '<html lang="lv">' in client.get("/").content.decode()


@pytest.mark.parametrize(("language", "text"), [("lv", "Lapa nav atrasta"), ("en", "Page not found")])
def test_404_page_in_both_languages(client, caseworker, settings, language, text):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(caseworker)
    response = client.get("/nav-tadas-lapas/")
    assert response.status_code == 404
    assert text in response.content.decode()


@pytest.mark.parametrize(("language", "text"), [("lv", "Piekļuve liegta"), ("en", "Access denied")])
def test_403_page_in_both_languages(client, assistant, settings, language, text):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(assistant)
    response = client.get("/pasvaldibas/")
    assert response.status_code == 403
    assert text in response.content.decode()


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view)]
handler500 = server_error


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(("language", "text"), [("lv", "Servera kļūda"), ("en", "Server error")])
def test_500_page_in_both_languages_without_traceback(client, settings, language, text, db):
    client.raise_request_exception = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert text in html
    assert "Traceback" not in html
    assert "boom" not in html
