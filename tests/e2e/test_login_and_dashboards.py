"""Each demo role logs in and sees its dashboard in Latvian and in English; axe-core finds no serious or
critical violation on the login page and any dashboard (issue 2 §11)."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

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


def test_caseworker_opens_own_municipality_from_the_menu(page: Page, live_server, demo_users, axe_check):
    log_in(page, live_server.url, "demo-caseworker")
    page.get_by_role("navigation", name="Galvenā navigācija").get_by_role("link", name="Pašvaldības").click()
    expect(page.get_by_role("heading", name="Pašvaldības", exact=True)).to_be_visible()
    axe_check(page)
    # Only the own municipality is a link; the others are listed as reference data.
    expect(page.get_by_role("link", name="Liepāja")).to_have_count(0)
    page.get_by_role("link", name="Rīga").click()
    expect(page.get_by_role("heading", name="Rīga", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Anna Bērziņa")).to_be_visible()
    expect(page.get_by_role("cell", name="Marta Vītola")).to_have_count(0)
    axe_check(page)


def test_menu_works_on_a_phone_under_csp(page: Page, live_server, demo_users):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server.url, "demo-finance")
    menu_link = page.get_by_role("navigation", name="Galvenā navigācija").get_by_role(
        "link", name="Pašvaldības"
    )
    expect(menu_link).to_be_hidden()
    page.get_by_role("button", name="Rādīt navigāciju").click()  # Bootstrap's JS, served from static/
    expect(menu_link).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e], errors
