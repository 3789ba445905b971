"""Two writers of one item's search document at the same time (a publish on
one node, the worker's PDF text on another) take turns: no unique-constraint
error, and the last committed state wins (portal.search.index._lock). A
count being learned waits for a writer, so it misses no change
(portal.search.learned.learn)."""

import threading

import pytest
from django.db import connection, connections, transaction

from portal.core import registry
from portal.core.models import Status
from portal.search import index, learned
from portal.search.models import SearchCount, SearchDocument
from practices.models import Practice
from tests.factories import PracticeFactory
from tests.portal.search.helpers import make_docs

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_reindexing_of_one_item_takes_turns():
    practice = PracticeFactory(published=True, title="Ouderkamer")
    kind = registry.kind_for(Practice)
    first_holds = threading.Event()
    release_first = threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                Practice.objects.filter(pk=practice.pk).update(title="Ouderkamer nieuw")
                index.index_pks(kind, [practice.pk])  # locks the row, writes the document
                first_holds.set()
                release_first.wait(5)  # still holding: the second must wait
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            first_holds.set()
            connections.close_all()

    def second():
        try:
            first_holds.wait(5)
            index.index_pks(kind, [practice.pk])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    one, two = threading.Thread(target=first), threading.Thread(target=second)
    one.start()
    two.start()
    two.join(1)
    assert two.is_alive(), "the second writer must wait for the first to commit"
    release_first.set()
    one.join(10)
    two.join(10)
    assert errors == []
    documents = SearchDocument.objects.filter(object_id=practice.pk, kind="practices")
    assert [d.title for d in documents] == ["Ouderkamer nieuw"]  # read after the first's commit
    assert documents.get().status == Status.PUBLISHED
    assert connection.vendor == "postgresql"


def test_a_count_being_learned_waits_for_a_writer_and_misses_nothing():
    phrase = "'doorgaand' <-> 'leerlijn'"
    docs = make_docs(
        {"title": "Een doorgaande leerlijn"},
        {"title": "Een doorgaande leerlijn", "status": Status.DRAFT},
    )
    writer_holds, release_writer = threading.Event(), threading.Event()
    errors = []

    def writer():
        try:
            with transaction.atomic():
                SearchDocument.objects.filter(pk=docs[1].pk).update(status=Status.PUBLISHED)
                writer_holds.set()
                release_writer.wait(5)  # published, not committed yet
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            writer_holds.set()
            connections.close_all()

    def learner():
        try:
            learned.learn(phrase)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    one, two = threading.Thread(target=writer), threading.Thread(target=learner)
    one.start()
    writer_holds.wait(5)
    two.start()
    two.join(1)
    assert two.is_alive(), "learning must wait for the writer to commit"
    release_writer.set()
    one.join(10)
    two.join(10)
    assert errors == []
    # Counted after the writer's commit: both published documents.
    assert SearchCount.objects.get(query=phrase).documents == 2
