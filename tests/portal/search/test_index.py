"""The index follows the content (portal.search.index)."""

import pytest
from django.core.management import call_command

from portal.core.models import Theme
from portal.editorial import workflow
from portal.search.models import SearchDocument
from portal.search.query import run_search

pytestmark = pytest.mark.django_db


def titles(outcome):
    return {doc.title for doc in outcome.page.object_list}


@pytest.mark.postgres
def test_renamed_theme_updates_the_index(corpus):
    theme = Theme.objects.get(slug="vve-en-taal")
    theme.name = "Vroegschoolse taalstimulering"
    theme.save()
    assert "Ouderkamer op de basisschool" in titles(run_search("taalstimulering", {}, 1))


def test_index_follows_status_changes(corpus, eindredacteur):
    item = corpus["school"]
    workflow.unpublish(item, actor=eindredacteur)
    assert "Ouderkamer op de basisschool" not in titles(run_search("ouderkamer", {}, 1))


def test_rebuild_command(corpus):
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index", verbosity=0)
    assert SearchDocument.objects.count() == 5
    assert "Ouderkamer op de basisschool" in titles(run_search("ouderkamer", {}, 1))
