"""History for every domain model (SPEC §2: who, when, old and new value, reason for a status change)."""

import pytest
from django.apps import apps
from django.db import connection, models
from django.urls import reverse

from assistance.models import StaffProfile
from core.models import WorkflowModel
from core.rules import TransitionNotAllowed
from tests.core.test_workflow_rules import R_D1


@pytest.fixture(scope="module")
def sample_model():
    """A throw-away workflow model, registered only while this module's tests run: defined after the
    test database was set up and serialised, and taken out of the app registry afterwards."""

    class SampleCase(WorkflowModel):
        __module__ = "core.models"  # simple-history files the history model under the same app
        TRANSITIONS = R_D1
        status = models.CharField(max_length=20, default="draft")

        class Meta:
            app_label = "core"
            managed = False

    yield SampleCase
    for name in ("samplecase", "historicalsamplecase"):
        apps.all_models["core"].pop(name, None)
    apps.clear_cache()


@pytest.fixture
def sample_table(db, sample_model):
    with connection.schema_editor() as editor:  # inside the test's transaction: rolled back after it
        editor.create_model(sample_model)
        editor.create_model(sample_model.history.model)
    return sample_model


def test_status_change_keeps_who_when_and_why(sample_table, supervisor):
    case = sample_table.objects.create(status="proposed")
    case.transition_to("returned", by=supervisor, reason="Trūkst darba līguma")
    latest = case.history.latest()
    assert latest.status == "returned"
    assert latest.history_user == supervisor
    assert latest.history_change_reason == "Trūkst darba līguma"
    assert latest.prev_record.status == "proposed"
    assert case.status_changed_at is not None


def test_refused_status_change_changes_nothing(sample_table, supervisor):
    case = sample_table.objects.create(status="draft")
    with pytest.raises(TransitionNotAllowed):
        case.transition_to("approved", by=supervisor, reason="skip the queue")
    case.refresh_from_db()
    assert case.status == "draft"
    assert case.history.count() == 1


def test_history_request_middleware_records_the_user_of_a_web_change(admin_client, caseworker, riga):
    profile = StaffProfile.objects.get(user=caseworker)
    url = reverse("admin:assistance_staffprofile_change", args=[profile.pk])
    response = admin_client.post(
        url,
        {"user": caseworker.pk, "municipality": riga.pk, "position": "Vecākā sociālā darbiniece"},
    )
    assert response.status_code == 302, response.content[:2000]
    latest = profile.history.latest()
    assert latest.position == "Vecākā sociālā darbiniece"
    assert latest.history_user.username == "admin"
    diff = latest.diff_against(latest.prev_record)
    assert [change.field for change in diff.changes] == ["position"]
