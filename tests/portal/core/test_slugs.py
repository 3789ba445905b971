"""Slugs from titles: readable, unique, never an address the site uses itself."""

import pytest

from portal.core.slugs import readable_slug, unique_slug
from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_a_reserved_address_is_never_given_to_an_item():
    assert unique_slug(Practice, "Vergelijken") == "vergelijken-2"


def test_a_taken_slug_gets_a_number_and_dashes_stay_word_breaks():
    PracticeFactory(slug="nantes-4-6-november")
    assert readable_slug("Nantes, 4–6 november") == "nantes-4-6-november"
    assert unique_slug(Practice, "Nantes, 4–6 november") == "nantes-4-6-november-2"


def test_a_submission_turned_practice_gets_a_free_readable_slug():
    PracticeFactory(slug="ouderkamer")
    assert unique_slug(Practice, "Ouderkamer", fallback="inzending") == "ouderkamer-2"
    assert unique_slug(Practice, "!!!", fallback="inzending") == "inzending"
