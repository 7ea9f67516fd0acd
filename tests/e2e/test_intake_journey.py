"""The caseworker's intake journey in Latvian (issue 3): register a person, record disability data, enter an
application with a document, submit it through the eligibility gate, fill in the questionnaire with the
keyboard and see the result. Bad input gets a clear message in place and loses nothing typed."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.assistance.factories import personal_code
from tests.e2e.test_login_and_dashboards import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def test_caseworker_registers_applies_and_assesses_in_latvian(
    page: Page, live_server, demo_users, axe_check, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    code = personal_code(dt.date(1979, 8, 21), 456)
    wrong = code[:10] + str((int(code[10]) + 1) % 10)
    log_in(page, base, "demo-caseworker")

    # 1. A wrong personal code: the field is named, in Latvian, and everything typed stays.
    page.goto(f"{base}/personas/jauna/")
    axe_check(page)
    page.fill("#id_personal_code", wrong)
    page.fill("#id_first_name", "Valdis")
    page.fill("#id_last_name", "Zariņš")
    page.fill("#id_address", "Krišjāņa Barona iela 5, Rīga")
    page.locator("main form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Personas kods")
    expect(page.locator("#id_first_name")).to_have_value("Valdis")
    expect(page.locator("#id_address")).to_have_value("Krišjāņa Barona iela 5, Rīga")
    axe_check(page)

    page.fill("#id_personal_code", f"{code[:6]}-{code[6:]}")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Valdis Zariņš", level=1)).to_be_visible()
    expect(page.get_by_test_id("personal-code")).to_have_text(f"{code[:6]}-{code[6:]}")
    person_url = page.url
    axe_check(page)

    # 2. Disability data (R-E4).
    page.goto(f"{person_url}invaliditate/")
    page.select_option("#id_group", "I")
    page.check("#id_limitation_mobility")
    page.fill("#id_valid_from", "01.01.2024")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(person_url)
    expect(page.locator("#disability-heading")).to_be_visible()

    # 3. The application with a purpose and its evidence.
    page.goto(f"{person_url}iesniegums/")
    axe_check(page)
    page.fill("#id_received_date", dt.date.today().strftime("%d.%m.%Y"))
    page.check("#id_WORK-requested")
    page.fill("#id_WORK-evidence", "SIA Kurzemes Koks, darba līgums Nr. 12")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/iesniegumi/\d+/$"))
    application_url = page.url
    expect(page.locator("main")).to_contain_text("SIA Kurzemes Koks")

    # 4. A program renamed .pdf is refused with a message; the description stays; then a real PDF.
    page.goto(f"{application_url}dokumenti/")
    page.fill("#id_description", "Darba līgums")
    page.set_input_files("#id_file", {"name": "ligums.pdf", "mimeType": "application/pdf", "buffer": EXE})
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main .invalid-feedback, main #error-summary").first).to_be_visible()
    expect(page.locator("#id_description")).to_have_value("Darba līgums")
    axe_check(page)
    page.set_input_files("#id_file", {"name": "ligums.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#dokumenti")).to_contain_text("ligums.pdf")

    # 5. Submit: the eligibility gate lets an adult with group I and a mobility limitation through.
    page.locator(f"form[action$='{application_url.split(base)[1]}iesniegt/'] button").click()
    page.locator(f"a[href$='{application_url.split(base)[1]}novertejums/']").click()
    axe_check(page)

    # 6. The questionnaire with the keyboard: Space picks 0, an arrow key moves to 1; the total follows.
    page.focus("input[name=Q01][value='0']")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(page.locator("input[name=Q01][value='1']")).to_be_checked()
    expect(page.locator("#questionnaire-total [data-total]")).to_have_text("1")
    for number in range(2, 12):
        page.check(f"input[name=Q{number:02d}][value='2']")
    expect(page.locator("#questionnaire-total [data-total]")).to_have_text("21")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_contain_text("Q12")
    expect(page.locator("input[name=Q01][value='1']")).to_be_checked()
    expect(page.locator("input[name=Q11][value='2']")).to_be_checked()
    axe_check(page)
    page.check("input[name=Q12][value='3']")
    expect(page.locator("#questionnaire-total [data-total]")).to_have_text("24")
    page.locator("main form button[type=submit]").click()

    # 7. The result: 24 points is very large support, coefficient 2 (R-Q3).
    expect(page).to_have_url(application_url)
    main = page.locator("main")
    expect(main).to_contain_text("24")
    expect(main).to_contain_text("Ļoti liels atbalsts")
    axe_check(page)
