"""tests/factories.py has a factory for every model of the project, and every
factory there makes a valid, saved instance."""

import inspect

import factory
import pytest
from django.apps import apps
from simple_history.models import HistoricalChanges

from tests import factories

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("portal", "practices", "meetings", "dossiers", "alerts", "community")

FACTORIES = [
    obj
    for obj in vars(factories).values()
    if inspect.isclass(obj)
    and issubclass(obj, factory.django.DjangoModelFactory)
    and not obj._meta.abstract
]


def project_models():
    """The concrete models of the project's apps, without the Historical*
    models django-simple-history generates."""
    return [
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, HistoricalChanges)
    ]


def test_every_model_has_a_factory():
    covered = {f._meta.get_model_class() for f in FACTORIES}
    models = project_models()
    labels = {m._meta.label for m in models}
    # The walk sees the models of every app (and skips the history models).
    assert {"portal.Municipality", "practices.Practice", "meetings.Action"} <= labels
    assert not any(label.split(".")[1].startswith("Historical") for label in labels)
    assert [m._meta.label for m in models if m not in covered] == []


@pytest.mark.parametrize("model_factory", FACTORIES, ids=lambda f: f.__name__)
def test_factory_makes_a_valid_saved_instance(model_factory):
    instance = model_factory()
    model = model_factory._meta.get_model_class()
    assert isinstance(instance, model)
    assert instance.pk is not None
    assert model.objects.filter(pk=instance.pk).exists()
    instance.full_clean()


def test_traits_give_what_they_promise():
    assert factories.PracticeFactory(published=True).is_public
    scheduled = factories.MeetingFactory(scheduled=True)
    assert scheduled.status == "published" and not scheduled.is_public
    image = factories.PracticeAttachmentFactory(image=True)
    assert image.is_image and image.alt_text
    image.full_clean()
    utrecht = factories.MunicipalityFactory(cbs_code="GM0344")
    assert utrecht == factories.municipality("GM0344") and utrecht.name == "Utrecht"
