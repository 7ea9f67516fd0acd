"""Each demo role logs in and sees its dashboard in Latvian and in English; axe-core finds no serious or
critical violation on the login page and any dashboard (issue 2 §11)."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# username → (Latvian panel heading, English panel heading)
ROLES = {
    "demo-caseworker": ("Manas lietas", "My caseload"),
    "demo-supervisor": ("Lēmumi apstiprināšanai", "Decisions to approve"),
    "demo-assistant": ("Mani līgumi un uzskaites lapas", "My contracts and timesheets"),
    "demo-finance": ("Ikmēneša finanšu pārskati", "Monthly financial reports"),
    "demo-ministry": ("Valsts kopskats", "National overview"),
    "demo-caseworker-liepaja": ("Manas lietas", "My caseload"),
}


def log_in(page: Page, base: str, username: str, password: str = "demo") -> None:
    page.goto(f"{base}/")
    page.get_by_label(re.compile("Lietotājvārds|Username")).fill(username)
    page.get_by_label(re.compile("Parole|Password")).fill(password)
    page.get_by_role("button", name=re.compile("Pieteikties|Log in")).click()


def test_login_page_is_latvian_and_accessible(page: Page, live_server, demo_users, axe_check):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/pieteikties/"))
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    expect(page.get_by_role("heading", name="Pieteikties")).to_be_visible()
    axe_check(page)


@pytest.mark.parametrize("username", list(ROLES))
def test_each_role_sees_its_dashboard_in_latvian_and_english(
    page: Page, live_server, demo_users, axe_check, username
):
    latvian, english = ROLES[username]
    log_in(page, live_server.url, username)
    expect(page.get_by_role("heading", name="Sākums", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=latvian)).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name=re.compile("^EN")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=english)).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name=re.compile("^LV")).click()
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    page.get_by_role("button", name="Iziet").click()
    expect(page).to_have_url(re.compile(r"/pieteikties/"))


def test_wrong_password_five_times_locks_with_a_clear_message(page: Page, live_server, demo_users):
    for _ in range(5):
        log_in(page, live_server.url, "demo-finance", "nepareiza-parole")
    expect(page.get_by_test_id("lockout-message")).to_contain_text("Pārāk daudz")
    log_in(page, live_server.url, "demo-finance")
    expect(page.get_by_test_id("lockout-message")).to_be_visible()


def test_keyboard_only_login(page: Page, live_server, demo_users):
    page.goto(f"{live_server.url}/pieteikties/")
    page.get_by_label("Lietotājvārds").focus()
    page.keyboard.type("demo-supervisor")
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Lēmumi apstiprināšanai")).to_be_visible()
