import datetime

import factory
from django.utils import timezone

from portal.core.models import Municipality, Status, Theme
from practices.models import Practice


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Testthema {n}")


class PracticeFactory(factory.django.DjangoModelFactory):
    """Draft by default; ``published=True`` gives a live item, ``scheduled``
    one that goes live tomorrow. Test data only: app code uses workflow."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Praktijkvoorbeeld {n}")
    slug = factory.Sequence(lambda n: f"praktijkvoorbeeld-{n}")
    summary = "Een korte samenvatting van de aanpak."
    body = "<p>Uitleg over de aanpak met ouders.</p>"

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1)),
        )
        scheduled = factory.Trait(
            status=Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1)),
        )

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def phases(self, create, extracted, **kwargs):
        if create and extracted:
            self.phases.set(extracted)

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set(extracted)


def municipality(code):
    return Municipality.objects.get(cbs_code=code)


# --- meetings (issue 14): the same traits as PracticeFactory ----------------


class _ContentFactory(factory.django.DjangoModelFactory):
    """Base of the content factories below: draft by default, ``published``
    and ``scheduled`` as for PracticeFactory; municipalities and themes."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    summary = "Een korte samenvatting."

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1)),
        )
        scheduled = factory.Trait(
            status=Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1)),
        )

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Network"

    name = factory.Sequence(lambda n: f"Testnetwerk {n}")
    slug = factory.Sequence(lambda n: f"testnetwerk-{n}")
    kind = "urbact"


class MeetingFactory(_ContentFactory):
    class Meta:
        model = "meetings.Meeting"

    title = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    slug = factory.Sequence(lambda n: f"bijeenkomst-{n}")
    start_date = datetime.date(2025, 4, 8)
    end_date = datetime.date(2025, 4, 9)
    method = "transnational"


class TravelReportFactory(_ContentFactory):
    class Meta:
        model = "meetings.TravelReport"

    title = factory.Sequence(lambda n: f"Reisverslag {n}")
    slug = factory.Sequence(lambda n: f"reisverslag-{n}")
    destination = factory.LazyFunction(lambda: Municipality.objects.get(slug="gent"))
    author_municipality = factory.LazyFunction(lambda: municipality("GM0518"))
    author_department = "Onderwijs"
    departure_date = datetime.date(2025, 3, 1)
    return_date = datetime.date(2025, 3, 3)
    travellers = 2
    duration = "3 dagen"
    purpose = "Leren van een andere stad."
    locations = "Stadhuis"
    met = "Beleidsmedewerkers onderwijs"
    yield_for_municipality = "Nieuwe inzichten"


class ActionPlanFactory(_ContentFactory):
    class Meta:
        model = "meetings.ActionPlan"

    title = factory.Sequence(lambda n: f"Actieplan {n}")
    slug = factory.Sequence(lambda n: f"actieplan-{n}")
    network = factory.SubFactory(NetworkFactory)
    municipality = factory.LazyFunction(lambda: municipality("GM0518"))
    ambition = "Meer ouders betrekken."
