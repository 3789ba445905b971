"""Every model of the community app has a factory in tests/factories.py that
makes a valid, saved instance (tests/test_factories.py covers the apps it
lists; this covers community)."""

import factory
import pytest
from django.apps import apps

from tests import factories

pytestmark = pytest.mark.django_db

COMMUNITY_FACTORIES = [
    obj
    for obj in vars(factories).values()
    if isinstance(obj, type)
    and issubclass(obj, factory.django.DjangoModelFactory)
    and not obj._meta.abstract
    and obj._meta.get_model_class()._meta.app_label == "community"
]


def test_every_community_model_has_a_factory():
    covered = {f._meta.get_model_class() for f in COMMUNITY_FACTORIES}
    missing = [
        m._meta.label for m in apps.get_app_config("community").get_models() if m not in covered
    ]
    assert missing == []


@pytest.mark.parametrize("model_factory", COMMUNITY_FACTORIES, ids=lambda f: f.__name__)
def test_community_factory_makes_a_valid_saved_instance(model_factory):
    instance = model_factory()
    assert instance.pk is not None
    instance.full_clean()
