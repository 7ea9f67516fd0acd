"""Proposal and decision services (R-D1, R-D2, R-X1, R-A6, R-A7, R-S1) on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading

import pytest
from django.db import connection

from assistance import selectors, services
from assistance.models import Allocation, Application, Decision
from core.roles import Role
from tests.assistance.factories import make_application, make_eligible_adult, personal_code
from tests.conftest import make_person as make_staff

TODAY = dt.date.today()
ANSWERS_BASE = {f"Q{i:02d}": 1 for i in range(1, 13)}  # 12 points: coefficient 1
ANSWERS_HIGH = {f"Q{i:02d}": 2 for i in range(1, 13)}  # 24 points: coefficient 2


def assessed(caseworker, *, answers=ANSWERS_BASE, serial=123, purposes=(), **person):
    person_obj = make_eligible_adult(caseworker, serial=serial, **person)
    application = make_application(caseworker, person_obj, purposes=purposes, submit=True)
    return services.application_record_assessment(application=application, answers=answers, by=caseworker)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_grant_proposal_stores_the_schedule_rule_set_and_explanation_R_A6_R_S1(caseworker):
    application = assessed(caseworker, purposes=[services.PurposeInput("WORK", "SIA Darbs")])
    start = dt.date(2026, 1, 1)
    allocation = services.proposal_grant(application=application, start=start, by=caseworker)
    application.refresh_from_db()
    assert application.status == "proposed" and application.outcome == "grant"
    assert (allocation.rule_set.code, allocation.rule_set.version) == ("V1", 1)
    january = allocation.months.get(month=start)
    # V1, coefficient 1: WORK 80 + DAILY 15 = 95 ≤ cap floor(40 × 31 / 7) = 177
    assert {line.purpose: line.hours for line in january.lines.all()} == {"WORK": 80, "DAILY": 15}
    assert (january.cap, january.total) == (177, 95)
    # Disability valid indefinitely: 5 years − 1 day (R-A7).
    assert allocation.end == dt.date(2030, 12, 31) and allocation.months.count() == 60
    assert "12 punkt" in allocation.explanation and "80" in allocation.explanation


@pytest.mark.django_db
def test_no_grant_before_the_questionnaire(caseworker):
    application = make_application(caseworker, make_eligible_adult(caseworker), submit=True)
    with pytest.raises(services.IntakeError):
        services.proposal_grant(application=application, start=TODAY, by=caseworker)


@pytest.mark.django_db
def test_return_needs_a_comment_and_an_amended_proposal_replaces_the_old_R_D1(caseworker, supervisor):
    application = assessed(caseworker)
    first = services.proposal_grant(application=application, start=dt.date(2026, 1, 1), by=caseworker)
    with pytest.raises(services.IntakeError) as caught:
        services.proposal_return(application=application, comment=" ", by=supervisor)
    assert "comment" in caught.value.errors
    services.proposal_return(application=application, comment="Sāciet no februāra", by=supervisor)
    application.refresh_from_db()
    assert application.status == "returned" and application.return_comment == "Sāciet no februāra"
    second = services.proposal_grant(application=application, start=dt.date(2026, 2, 1), by=caseworker)
    first.refresh_from_db()
    assert first.status == Allocation.Status.WITHDRAWN and second.status == Allocation.Status.PROPOSED
    assert application.history.filter(status="returned", history_change_reason__isnull=False).exists()


@pytest.mark.django_db
def test_the_proposer_never_approves_own_proposal_R_D2(caseworker, riga):
    both = make_staff("both-roles", Role.SUPERVISOR, "Rīga")
    services.staff_member_set(
        user=both, roles={Role.CASEWORKER, Role.SUPERVISOR}, municipality=riga, by=None, reason="t"
    )
    application = assessed(both)
    services.proposal_grant(application=application, start=TODAY, by=both)
    with pytest.raises(services.IntakeError, match="four eyes|četr"):
        services.proposal_approve(application=application, by=both)
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_only_a_supervisor_of_the_municipality_decides(caseworker, caseworker_liepaja, liepaja):
    application = assessed(caseworker)
    services.proposal_grant(application=application, start=TODAY, by=caseworker)
    other_supervisor = make_staff("supervisor-liepaja", Role.SUPERVISOR, "Liepāja")
    for user in (caseworker_liepaja, other_supervisor):
        with pytest.raises(services.IntakeError):
            services.proposal_approve(application=application, by=user)
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_approval_issues_one_decision_with_a_checksummed_pdf_R_D3(caseworker, supervisor, media):
    application = assessed(caseworker, answers=ANSWERS_HIGH)
    services.proposal_grant(application=application, start=dt.date(2026, 3, 1), by=caseworker)
    decision = services.proposal_approve(application=application, by=supervisor)
    application.refresh_from_db()
    assert application.status == "approved"
    assert decision.allocation.status == Allocation.Status.APPROVED
    data = decision.document.read()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == decision.sha256
    assert decision.number.startswith(f"{TODAY.year}/")
    with pytest.raises(services.IntakeError):
        services.proposal_approve(application=application, by=supervisor)


@pytest.mark.django_db
def test_a_refusal_is_approved_too_R_D1(caseworker, supervisor, media):
    application = assessed(caseworker)
    services.proposal_refuse(application=application, reason="Persona atsauca iesniegumu.", by=caseworker)
    decision = services.proposal_approve(application=application, by=supervisor)
    assert decision.outcome == "refusal" and decision.allocation is None


@pytest.mark.django_db
def test_overlapping_grant_elsewhere_blocks_approval_revealing_only_name_and_period_R_X1(
    caseworker, supervisor, caseworker_liepaja, media
):
    born = dt.date(1980, 5, 17)
    elsewhere = assessed(caseworker_liepaja, born=born, first_name="Slepenais", last_name="Vārds")
    services.proposal_grant(application=elsewhere, start=dt.date(2026, 1, 1), by=caseworker_liepaja)
    supervisor_liepaja = make_staff("supervisor-liepaja", Role.SUPERVISOR, "Liepāja")
    services.proposal_approve(application=elsewhere, by=supervisor_liepaja)

    here = assessed(caseworker, born=born)
    assert here.person.personal_code == personal_code(born, 123)
    services.proposal_grant(application=here, start=dt.date(2026, 6, 1), by=caseworker)
    with pytest.raises(services.ApprovalBlocked) as caught:
        services.proposal_approve(application=here, by=supervisor)
    # Liepāja: 01.01.2026–31.12.2030; here: 01.06.2026–31.05.2031 → overlap 01.06.2026–31.12.2030
    assert caught.value.conflicts == [("Liepāja", dt.date(2026, 6, 1), dt.date(2030, 12, 31))]
    text = " ".join(str(m) for m in caught.value.errors[""])
    assert "Liepāja" in text and "01.06.2026" in text and "Slepenais" not in text
    here.refresh_from_db()
    assert here.status == "proposed" and not hasattr(here, "decision")


@pytest.mark.django_db
def test_a_new_allocation_supersedes_the_old_from_its_start(caseworker, supervisor, media):
    first = assessed(caseworker)
    old = services.proposal_grant(application=first, start=dt.date(2026, 1, 1), by=caseworker)
    services.proposal_approve(application=first, by=supervisor)
    second = make_application(caseworker, first.person, submit=True)
    second = services.application_record_assessment(application=second, answers=ANSWERS_HIGH, by=caseworker)
    new = services.proposal_grant(application=second, start=dt.date(2026, 4, 16), by=caseworker)
    services.proposal_approve(application=second, by=supervisor)
    old.refresh_from_db()
    assert old.end == dt.date(2026, 4, 15) and old.superseded_from == dt.date(2026, 4, 16)
    assert old.superseded_by == new
    april = old.months.get(month=dt.date(2026, 4, 1))
    # 15 of 30 days: DAILY 15 × 15 / 30 = 7.5 → 8; cap floor(40 × 15 / 7) = 85
    assert april.grant_days == 15 and april.total == 8 and april.cap == 85
    assert not old.months.filter(month__gt=dt.date(2026, 4, 1)).exists()


@pytest.mark.django_db
def test_dashboard_lists_grants_ending_within_60_days_R_A7(caseworker, supervisor, media):
    application = assessed(caseworker)
    record = application.person.disability_records.get()
    record.valid_until = TODAY + dt.timedelta(days=40)
    record.save()
    services.proposal_grant(application=application, start=TODAY, by=caseworker)
    services.proposal_approve(application=application, by=supervisor)
    ending = list(selectors.grants_ending(user=caseworker, today=TODAY))
    assert [a.end for a in ending] == [TODAY + dt.timedelta(days=40)]
    assert not list(selectors.grants_ending(user=caseworker, today=TODAY - dt.timedelta(days=30)))


@pytest.mark.django_db(transaction=True)
def test_two_supervisors_approving_at_once_give_one_decision_R_D2(reference_data, media, request):
    caseworker, supervisor = request.getfixturevalue("caseworker"), request.getfixturevalue("supervisor")
    application = assessed(caseworker)
    services.proposal_grant(application=application, start=TODAY, by=caseworker)
    second = make_staff("supervisor-2", Role.SUPERVISOR, "Rīga")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(user):
        try:
            barrier.wait()
            services.proposal_approve(application=Application.objects.get(pk=application.pk), by=user)
            outcomes.append("approved")
        except services.IntakeError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in (supervisor, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["approved", "refused"]
    assert Decision.objects.filter(application=application).count() == 1
    assert Allocation.objects.filter(application=application, status="approved").count() == 1
