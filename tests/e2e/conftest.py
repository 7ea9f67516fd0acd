"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live_server."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the ORM calls of fixtures are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs Debian's chromium package")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An English-speaking browser: the app must still open in Latvian.
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def demo_users(reference_data, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.DEBUG = False


@pytest.fixture
def axe_check():
    axe = Axe()

    def check(page) -> None:
        results = axe.run(page)
        serious = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
        assert not serious, "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']]}" for v in serious
        )

    return check
