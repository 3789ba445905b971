import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from portal.core.models import Status
from portal.editorial import workflow
from portal.editorial.models import TransitionLog
from portal.editorial.roles import EINDREDACTIE
from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


# (transition, start state, end state, who may do it)
MATRIX = [
    ("submit", Status.DRAFT, Status.REVIEW, {"redacteur", "eindredacteur", "superuser"}),
    ("publish", Status.REVIEW, Status.PUBLISHED, {"eindredacteur", "superuser"}),
    ("send_back", Status.REVIEW, Status.DRAFT, {"eindredacteur", "superuser"}),
    ("unpublish", Status.PUBLISHED, Status.DRAFT, {"eindredacteur", "superuser"}),
    ("archive", Status.PUBLISHED, Status.ARCHIVED, {"eindredacteur", "superuser"}),
    ("restore", Status.ARCHIVED, Status.DRAFT, {"eindredacteur", "superuser"}),
]


ACTORS = ["anonymous", "staff_without_group", "redacteur", "eindredacteur", "superuser"]


@pytest.fixture
def actors(request):
    def get(name):
        if name == "anonymous":
            return AnonymousUser()
        return request.getfixturevalue(name)

    return get


def _practice_in(status):
    return PracticeFactory(
        status=status,
        publish_at=timezone.now() if status == Status.PUBLISHED else None,
    )


@pytest.mark.parametrize(("name", "source", "target", "allowed"), MATRIX)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_transition_permission_matrix(actors, name, source, target, allowed, actor_name):
    item = _practice_in(source)
    actor = actors(actor_name)
    function = getattr(workflow, name)
    kwargs = {"comment": "Graag de bron toevoegen."} if name == "send_back" else {}
    if actor_name in allowed:
        function(item, actor=actor, **kwargs)
        item.refresh_from_db()
        assert item.status == target
        log = TransitionLog.objects.get(object_id=item.pk)
        assert (log.actor, log.from_status, log.to_status) == (actor, source, target)
        assert log.comment == kwargs.get("comment", "")
    else:
        with pytest.raises(workflow.TransitionNotAllowed):
            function(item, actor=actor, **kwargs)
        item.refresh_from_db()
        assert item.status == source
        assert not TransitionLog.objects.exists()


def test_transition_from_wrong_state_is_refused_and_changes_nothing(eindredacteur):
    item = _practice_in(Status.DRAFT)
    with pytest.raises(workflow.TransitionError, match="heeft status ‘Concept’"):
        workflow.publish(item, actor=eindredacteur)
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    assert not TransitionLog.objects.exists()


def test_stale_instance_cannot_publish_twice(eindredacteur):
    item = _practice_in(Status.REVIEW)
    stale = Practice.objects.get(pk=item.pk)
    workflow.publish(item, actor=eindredacteur)
    with pytest.raises(workflow.TransitionError):
        workflow.publish(stale, actor=eindredacteur)
    assert TransitionLog.objects.count() == 1


def test_send_back_needs_a_comment(eindredacteur):
    item = _practice_in(Status.REVIEW)
    with pytest.raises(workflow.TransitionError, match="wat er moet veranderen"):
        workflow.send_back(item, actor=eindredacteur, comment="   ")
    item.refresh_from_db()
    assert item.status == Status.REVIEW


def test_inactive_chief_editor_is_refused(make_user):
    user = make_user("oud", groups=[EINDREDACTIE], active=False)
    item = _practice_in(Status.REVIEW)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.publish(item, actor=user)


def test_publish_with_future_date_is_scheduled_not_public(eindredacteur):
    item = _practice_in(Status.REVIEW)
    moment = timezone.now() + datetime.timedelta(days=2)
    workflow.publish(item, actor=eindredacteur, publish_at=moment)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.publish_at == moment
    assert not Practice.objects.published().filter(pk=item.pk).exists()
    assert Practice.objects.scheduled().filter(pk=item.pk).exists()
    later = moment + datetime.timedelta(minutes=1)
    assert Practice.objects.published(now=later).filter(pk=item.pk).exists()


def test_published_returns_only_live_items():
    live = PracticeFactory(published=True)
    PracticeFactory()  # draft
    PracticeFactory(status=Status.REVIEW)
    PracticeFactory(status=Status.ARCHIVED, publish_at=timezone.now())
    PracticeFactory(scheduled=True)
    assert list(Practice.objects.published()) == [live]
