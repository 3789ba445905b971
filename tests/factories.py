"""A factory_boy factory for every model of the project (tests/test_factories.py
checks that none is missing and that each makes a valid, saved instance).

Content factories give a draft by default; ``published=True`` gives a live
item, ``scheduled=True`` one that goes live tomorrow. Test data only: the app
code moves items through ``portal.editorial.workflow``."""

import datetime
import uuid

import factory
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from portal.core.models import Municipality, Status, Theme
from practices.models import Practice

# The smallest files the upload checks accept (type by content, not by name).
PDF = b"%PDF-1.7\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


def municipality(code):
    return Municipality.objects.get(cbs_code=code)


# --- people -------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """A user without groups or second factor; tests/conftest.py's
    ``make_user`` makes staff who can log in."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("een-lang-testwachtwoord")


# --- portal.core --------------------------------------------------------------


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """A city abroad by default (the Dutch municipalities come with the
    migrations). With a ``cbs_code`` of a shipped municipality it gives that
    one, unchanged: ``MunicipalityFactory(cbs_code="GM0344")`` is Utrecht."""

    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Teststad {n}")
    slug = factory.Sequence(lambda n: f"teststad-{n}")
    country = "BE"
    region = "Vlaanderen"
    cbs_code = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        code = kwargs.get("cbs_code")
        if code:
            existing = model_class.objects.filter(cbs_code=code).first()
            if existing is not None:
                return existing
            kwargs.setdefault("country", "NL")
            kwargs["region"] = ""
        return super()._create(model_class, *args, **kwargs)


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
    # The plan's municipality leads the network it makes (a plan's
    # municipality must take part in its network: ActionPlan.clean).
    network = factory.SubFactory(
        NetworkFactory, lead_municipality=factory.SelfAttribute("..municipality")
    )
    municipality = factory.LazyFunction(lambda: municipality("GM0518"))
    ambition = "Meer ouders betrekken."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Action"

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Actie {n}")
    owner_role = "Afdeling Onderwijs"


class MeetingAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.MeetingAttachment"

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Programma {n}")
    file = factory.django.FileField(filename="programma.pdf", data=PDF)


class MeetingPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.MeetingPoint"

    meeting = factory.SubFactory(MeetingFactory)
    kind = "tip"
    text = factory.Sequence(
        lambda n: f"Tip {n}: vraag ouders zelf hoe zij betrokken willen worden."
    )


class MeetingLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.MeetingLink"

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Website {n}")
    url = factory.Sequence(lambda n: f"https://example.org/bijeenkomst-{n}")


class TravelReportLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.TravelReportLink"

    report = factory.SubFactory(TravelReportFactory)
    title = factory.Sequence(lambda n: f"Programma online {n}")
    url = factory.Sequence(lambda n: f"https://example.org/reis-{n}")


class TravelReportAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.TravelReportAttachment"

    report = factory.SubFactory(TravelReportFactory)
    title = factory.Sequence(lambda n: f"Presentatie {n}")
    file = factory.django.FileField(filename="presentatie.pdf", data=PDF)


# --- practices ----------------------------------------------------------------


class EducationPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practices.EducationPhase"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Testfase {n}")
    slug = factory.Sequence(lambda n: f"testfase-{n}")


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practices.TargetGroup"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Testdoelgroep {n}")
    slug = factory.Sequence(lambda n: f"testdoelgroep-{n}")


class PracticeLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practices.PracticeLink"

    practice = factory.SubFactory(PracticeFactory)
    title = factory.Sequence(lambda n: f"Website {n}")
    url = factory.Sequence(lambda n: f"https://example.org/aanpak-{n}")


class PracticeAttachmentFactory(factory.django.DjangoModelFactory):
    """A small PDF; ``image=True`` gives a PNG with its text alternative."""

    class Meta:
        model = "practices.PracticeAttachment"

    practice = factory.SubFactory(PracticeFactory)
    title = factory.Sequence(lambda n: f"Bijlage {n}")
    file = factory.django.FileField(filename="bijlage.pdf", data=PDF)

    class Params:
        image = factory.Trait(
            file=factory.django.FileField(filename="foto.png", data=PNG),
            alt_text="Ouders en leerkrachten in de ouderkamer",
        )


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A new submission as the public form stores it, with consent."""

    class Meta:
        model = "practices.Submission"

    form_token = factory.LazyFunction(uuid.uuid4)
    title = factory.Sequence(lambda n: f"Inzending {n}")
    story = "Wij openden een ouderkamer.\n\nOuders komen nu elke week."
    municipality = factory.LazyFunction(lambda: municipality("GM0344"))
    organisation = "Basisschool De Linde"
    role = "Intern begeleider"
    name = "Inzender"
    email = "inzender@example.org"
    consent_at = factory.LazyFunction(timezone.now)


class SubmissionLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practices.SubmissionLog"

    submission = factory.SubFactory(SubmissionFactory)
    actor = factory.SubFactory(UserFactory)
    from_status = "new"
    to_status = "in_progress"


# --- portal.editorial ---------------------------------------------------------


class TransitionLogFactory(factory.django.DjangoModelFactory):
    """A practice submitted for review (the row only: nothing moves)."""

    class Meta:
        model = "portal.TransitionLog"
        exclude = ["item"]

    item = factory.SubFactory(PracticeFactory)
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.item))
    object_id = factory.SelfAttribute("item.pk")
    actor = factory.SubFactory(UserFactory)
    from_status = Status.DRAFT
    to_status = Status.REVIEW
    action = "submit"
    version = factory.SelfAttribute("item.version")


# --- portal.search ------------------------------------------------------------
# The index keeps itself: saving a content item writes its SearchDocument and
# SearchFacets (portal.search.index). These factories make rows of their own,
# for an item that does not exist, to test the index's models in isolation.


class SearchDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portal.SearchDocument"

    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Practice))
    object_id = factory.Sequence(lambda n: 10**9 + n)
    kind = "practices"
    title = factory.Sequence(lambda n: f"Zoekdocument {n}")
    summary = "Een korte samenvatting."
    url = factory.LazyAttribute(lambda o: f"/praktijkvoorbeelden/document-{o.object_id}/")
    date = factory.LazyFunction(timezone.now)
    status = Status.PUBLISHED
    publish_at = factory.SelfAttribute("date")


class SearchFacetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portal.SearchFacet"

    document = factory.SubFactory(SearchDocumentFactory)
    facet = "gemeente"
    value = "utrecht"
    label = "Utrecht"


class SearchTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portal.SearchTerm"
        django_get_or_create = ["word"]

    word = factory.Sequence(lambda n: f"zoekwoord{n}")


class SynonymFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portal.Synonym"
        django_get_or_create = ["term"]

    term = factory.Sequence(lambda n: f"zoekterm{n}")
    equivalents = factory.Sequence(lambda n: f"synoniem{n}")


class SearchQueryStatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portal.SearchQueryStat"

    day = factory.LazyFunction(timezone.localdate)
    query = factory.Sequence(lambda n: f"zoekvraag {n}")
    searches = 1


# --- background tasks (portal.ops) ----------------------------------------------


class OutgoingMailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portal.OutgoingMail"

    key = factory.Sequence(lambda n: f"test-mail-{n}")
    recipients = factory.LazyFunction(lambda: ["redactie@example.org"])
    subject = factory.Sequence(lambda n: f"Testmail {n}")
    body = "Een korte tekst."
    retry_from = factory.LazyFunction(timezone.now)
    next_attempt_at = factory.LazyFunction(timezone.now)


class WorkerHeartbeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portal.WorkerHeartbeat"
        django_get_or_create = ["worker_id"]

    worker_id = factory.Sequence(lambda n: f"worker-{n}")
    seen_at = factory.LazyFunction(timezone.now)


# --- practices: adoptions (issue 19) -----------------------------------------


class AdoptionFactory(factory.django.DjangoModelFactory):
    """A new (unmoderated) "wij hebben dit overgenomen" of a published
    practice by Amsterdam; ``approved=True`` gives one the pages show."""

    class Meta:
        model = "practices.Adoption"

    practice = factory.SubFactory(PracticeFactory, published=True)
    municipality = factory.LazyFunction(lambda: municipality("GM0363"))
    note = "Wij namen de ouderkamer over en voegden een taalcursus toe."
    form_token = factory.LazyFunction(uuid.uuid4)
    role = "Beleidsadviseur onderwijs"
    name = "Melder"
    email = "melder@example.org"
    consent_at = factory.LazyFunction(timezone.now)

    class Params:
        approved = factory.Trait(status="approved", handled_at=factory.LazyFunction(timezone.now))


class SearchLexemeFactory(factory.django.DjangoModelFactory):
    """A row of the lexeme counts (kept by triggers on PostgreSQL; tests that
    need a count of their own make one)."""

    class Meta:
        model = "portal.SearchLexeme"
        django_get_or_create = ["lexeme"]

    lexeme = factory.Sequence(lambda n: f"woord{n}")
    documents = 1


class SearchCountFactory(factory.django.DjangoModelFactory):
    """A learned count (kept by triggers on PostgreSQL from the moment it is
    learned: ``portal.search.learned.learn`` counts it; this row is only as
    true as the test makes it)."""

    class Meta:
        model = "portal.SearchCount"
        django_get_or_create = ["query"]

    query = factory.Sequence(lambda n: f"'woord{n}' <-> 'school'")
    documents = 0
    learned = factory.LazyFunction(timezone.now)


# --- dossiers (issue 19, points 5–8): the same traits as PracticeFactory -------


class RegionFactory(_ContentFactory):
    class Meta:
        model = "dossiers.Region"

    title = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")


class OrganisationFactory(_ContentFactory):
    """A functional contact only; set ``contact_name`` with the consent and
    review dates for a person who agreed to be shown."""

    class Meta:
        model = "dossiers.Organisation"

    title = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    kind = "expertise"
    offer = "Advies aan gemeenten\nTraining voor scholen"
    email = factory.Sequence(lambda n: f"info{n}@organisatie.example.org")

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def practices(self, create, extracted, **kwargs):
        if create and extracted:
            self.practices.set(extracted)

    @factory.post_generation
    def meetings(self, create, extracted, **kwargs):
        if create and extracted:
            self.meetings.set(extracted)


class ThemeDossierFactory(_ContentFactory):
    class Meta:
        model = "dossiers.ThemeDossier"

    title = factory.Sequence(lambda n: f"Themadossier {n}")
    slug = factory.Sequence(lambda n: f"themadossier-{n}")
    theme = factory.SubFactory(ThemeFactory)
    body = "<p>Waarom dit thema ertoe doet.</p>"
    arguments_parents = "Uw kind leert meer\nU weet wat er op school gebeurt"
    arguments_heads = "Betere leerresultaten\nMinder verzuim"


class DossierEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dossiers.DossierEvidence"

    dossier = factory.SubFactory(ThemeDossierFactory)
    statement = "Een bevinding uit onderzoek."
    source_title = "Een onderzoeksrapport"
    source_url = "https://example.org/rapport"


class PolicyDocumentFactory(_ContentFactory):
    class Meta:
        model = "dossiers.PolicyDocument"

    title = factory.Sequence(lambda n: f"Beleidsnotitie {n}")
    slug = factory.Sequence(lambda n: f"beleidsnotitie-{n}")
    municipality = factory.LazyFunction(lambda: municipality("GM0363"))
    year = 2020
    url = "https://example.org/beleidsnotitie"


class PolicyDocumentFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dossiers.PolicyDocumentFile"

    document = factory.SubFactory(PolicyDocumentFactory)
    title = factory.Sequence(lambda n: f"Notitie {n}")
    file = factory.django.FileField(filename="notitie.pdf", data=PDF)


# --- alerts (issue 20) --------------------------------------------------------


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """An unconfirmed request to follow Utrecht weekly; ``confirmed=True``
    gives one that gets digests (new items from now on)."""

    class Meta:
        model = "alerts.Subscription"

    email = factory.Sequence(lambda n: f"volger{n}@example.org")
    target = "gemeente"
    municipality = factory.LazyFunction(lambda: municipality("GM0344"))
    frequency = "wekelijks"

    class Params:
        confirmed = factory.Trait(
            confirmed_at=factory.LazyFunction(timezone.now),
            checked_until=factory.LazyFunction(timezone.now),
        )


# --- community (issue 20: members and the forum) --------------------------------


class GovernmentDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.GovernmentDomain"
        django_get_or_create = ["domain"]

    domain = factory.Sequence(lambda n: f"gemeente{n}.nl")
    municipality = factory.LazyFunction(lambda: municipality("GM0344"))


class MemberProfileFactory(factory.django.DjangoModelFactory):
    """A verified member (``pending=True``: waiting for an editor)."""

    class Meta:
        model = "community.MemberProfile"

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Lid {n}")
    role = "Beleidsmedewerker onderwijs"
    municipality = factory.LazyFunction(lambda: municipality("GM0344"))
    status = "verified"
    verified_via = "domain"

    class Params:
        pending = factory.Trait(status="pending", verified_via="")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Question"

    author = factory.LazyFunction(lambda: MemberProfileFactory().user)
    title = factory.Sequence(lambda n: f"Forumvraag {n}")
    body = "Hoe bereiken jullie ouders?"


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Answer"

    question = factory.SubFactory(QuestionFactory)
    author = factory.LazyFunction(lambda: MemberProfileFactory().user)
    body = "Met een ouderkamer op school."


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Follow"

    question = factory.SubFactory(QuestionFactory)
    user = factory.LazyFunction(lambda: MemberProfileFactory().user)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Report"

    question = factory.SubFactory(QuestionFactory)
    reporter = factory.LazyFunction(lambda: MemberProfileFactory().user)
    reason = "Bevat een naam van een ouder."


class ConsentRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.ConsentRequest"

    question = factory.SubFactory(QuestionFactory)
    user = factory.LazyAttribute(lambda o: o.question.author)


class MeetingParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.MeetingParticipation"

    member = factory.LazyFunction(lambda: MemberProfileFactory().user)
    meeting = factory.SubFactory(MeetingFactory, published=True)
    consent = True
    consent_at = factory.LazyFunction(timezone.now)


class DossierQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dossiers.DossierQuestion"

    dossier = factory.SubFactory(ThemeDossierFactory)
    question = factory.Sequence(lambda n: f"Vraag {n}: hoe bereik je vaders?")
    answer = "Nodig ze uit voor een activiteit die bij hen past."
