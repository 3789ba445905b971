"""“Bedoelde u …?” (portal.search.suggest)."""

import pytest

from portal.search.query import run_search

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_typo_gets_a_suggestion(corpus):
    outcome = run_search("ouderbetrokkenhied", {}, 1)
    assert outcome.total == 0
    assert outcome.suggestion == "ouderbetrokkenheid"
