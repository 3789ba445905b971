"""The rules the admin asks the workflow about (portal.editorial.workflow):
which transitions whom, who edits what directly, what saving an edit means."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from portal.core.models import Status
from portal.editorial import workflow
from portal.editorial.models import TransitionLog
from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

ACTION = TransitionLog.Action


@pytest.fixture
def people(redacteur, eindredacteur, staff_without_group, superuser):
    return {
        "redacteur": redacteur,
        "eindredacteur": eindredacteur,
        "medewerker": staff_without_group,
        "super": superuser,
        "anoniem": AnonymousUser(),
        "niemand": None,
    }


def logged(item):
    return list(item.transitions.order_by("id").values_list("action", flat=True))


# available_transitions


@pytest.mark.parametrize(
    "status,who,expected",
    [
        (Status.DRAFT, "redacteur", ["submit"]),
        (Status.DRAFT, "eindredacteur", ["submit", "archive"]),
        (Status.REVIEW, "redacteur", []),
        (Status.REVIEW, "eindredacteur", ["publish", "send_back", "archive"]),
        (Status.PUBLISHED, "redacteur", []),
        (Status.PUBLISHED, "eindredacteur", ["unpublish", "archive"]),
        (Status.ARCHIVED, "redacteur", []),
        (Status.ARCHIVED, "eindredacteur", ["restore"]),
        (Status.DRAFT, "medewerker", []),
        (Status.DRAFT, "anoniem", []),
        (Status.DRAFT, "niemand", []),
    ],
)
def test_available_transitions_by_status_and_role(people, status, who, expected):
    item = PracticeFactory(status=status)
    assert workflow.available_transitions(item, people[who]) == expected


@pytest.mark.parametrize(
    "status,expected",
    [
        (Status.DRAFT, ["submit", "archive"]),
        (Status.REVIEW, ["publish", "send_back", "archive"]),
        (Status.ARCHIVED, []),  # a withdrawn change is not brought back
    ],
)
def test_available_transitions_of_a_pending_change(redacteur, eindredacteur, status, expected):
    live = PracticeFactory(published=True)
    change = workflow.start_change(live, actor=redacteur)
    Practice.objects.filter(pk=change.pk).update(status=status)
    change.refresh_from_db()
    assert workflow.available_transitions(change, eindredacteur) == expected


def test_every_available_transition_can_be_performed(eindredacteur):
    for status in Status:
        for name in workflow.available_transitions(PracticeFactory(status=status), eindredacteur):
            assert name in workflow.TRANSITIONS


# perform


def test_perform_runs_the_named_transition_with_its_arguments(redacteur, eindredacteur):
    item = PracticeFactory()
    workflow.perform(item, "submit", actor=redacteur)
    later = timezone.now() + datetime.timedelta(days=2)
    workflow.perform(item, "publish", actor=eindredacteur, publish_at=later)
    item.refresh_from_db()
    assert (item.status, item.publish_at) == (Status.PUBLISHED, later)
    assert logged(item) == [ACTION.SUBMIT, ACTION.PUBLISH]


def test_perform_refuses_an_unknown_name_and_a_missing_comment(eindredacteur):
    item = PracticeFactory(status=Status.REVIEW)
    with pytest.raises(workflow.TransitionError, match="bestaat niet"):
        workflow.perform(item, "delete", actor=eindredacteur)
    with pytest.raises(workflow.TransitionError, match="Geef bij terugsturen"):
        workflow.perform(item, "send_back", actor=eindredacteur, comment="")
    assert "send_back" in workflow.COMMENT_REQUIRED
    assert Practice.objects.get(pk=item.pk).status == Status.REVIEW


def test_only_an_original_can_be_scheduled(redacteur):
    live = PracticeFactory(published=True)
    assert workflow.can_schedule(live)
    assert not workflow.can_schedule(workflow.start_change(live, actor=redacteur))


# can_edit, can_start_change, locked_fields, can_delete


@pytest.mark.parametrize(
    "status,who,allowed",
    [
        (Status.DRAFT, "redacteur", True),
        (Status.REVIEW, "redacteur", True),
        (Status.PUBLISHED, "redacteur", False),
        (Status.PUBLISHED, "eindredacteur", True),
        (Status.DRAFT, "medewerker", False),
        (Status.DRAFT, "niemand", False),
    ],
)
def test_can_edit_a_published_item_only_as_chief_editor(people, status, who, allowed):
    item = PracticeFactory(status=status)
    assert workflow.can_edit(people[who], item) is allowed


def test_redactie_edits_a_pending_change_of_a_published_item(redacteur):
    live = PracticeFactory(published=True)
    change = workflow.start_change(live, actor=redacteur)
    assert workflow.can_edit(redacteur, change)
    assert not workflow.can_edit(redacteur, live)


def test_can_start_change_only_on_a_published_item_without_an_open_change(
    redacteur, staff_without_group
):
    live = PracticeFactory(published=True)
    assert workflow.can_start_change(redacteur, live)
    assert not workflow.can_start_change(staff_without_group, live)
    assert not workflow.can_start_change(redacteur, PracticeFactory())
    change = workflow.start_change(live, actor=redacteur)
    assert not workflow.can_start_change(redacteur, live)
    assert not workflow.can_start_change(redacteur, change)


def test_a_pending_change_keeps_the_address_of_the_live_item(redacteur):
    live = PracticeFactory(published=True)
    assert workflow.locked_fields(live) == ()
    assert workflow.locked_fields(workflow.start_change(live, actor=redacteur)) == ("slug",)


@pytest.mark.parametrize(
    "who,allowed",
    [("super", True), ("eindredacteur", False), ("redacteur", False), ("niemand", False)],
)
def test_only_superusers_delete_content(people, who, allowed):
    assert workflow.can_delete(people[who]) is allowed


# record_edit


def test_record_edit_of_an_item_under_review_sends_it_back_to_draft(redacteur):
    item = PracticeFactory()
    workflow.submit(item, actor=redacteur)
    item.save()  # the edit
    done = workflow.record_edit(item, actor=redacteur, previous_status=Status.REVIEW)
    assert done == ACTION.REOPEN
    assert Practice.objects.get(pk=item.pk).status == Status.DRAFT
    assert logged(item) == [ACTION.SUBMIT, ACTION.REOPEN]


def test_record_edit_of_a_published_item_is_logged_for_a_chief_editor(eindredacteur):
    item = PracticeFactory(published=True)
    item.save()
    done = workflow.record_edit(item, actor=eindredacteur, previous_status=Status.PUBLISHED)
    assert done == ACTION.EDIT_LIVE
    assert Practice.objects.get(pk=item.pk).status == Status.PUBLISHED
    assert logged(item) == [ACTION.EDIT_LIVE]
    row = item.transitions.get()
    assert (row.actor, row.version) == (eindredacteur, item.version)


def test_record_edit_of_a_published_item_is_refused_to_redactie(redacteur):
    item = PracticeFactory(published=True)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.record_edit(item, actor=redacteur, previous_status=Status.PUBLISHED)
    assert logged(item) == []


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ARCHIVED])
def test_record_edit_of_a_draft_or_archived_item_records_nothing(redacteur, status):
    item = PracticeFactory(status=status)
    assert workflow.record_edit(item, actor=redacteur, previous_status=status) is None
    assert logged(item) == []
    assert Practice.objects.get(pk=item.pk).status == status
