"""Open data: what the public pages show, as JSON. Published content only;
no personal data (no contact addresses, authors, editors or submissions)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from dossiers.models import (
    DossierEvidence,
    Organisation,
    PolicyDocument,
    Region,
    ThemeDossier,
)
from meetings.models import (
    Action,
    ActionPlan,
    Meeting,
    MeetingLink,
    MeetingPoint,
    Network,
    TravelReport,
)
from portal.core import translations
from portal.core.models import Municipality, SizeClass
from practices.models import (
    Adoption,
    Continuity,
    CostBand,
    CostUnit,
    Evidence,
    Practice,
    PracticeLink,
)


class PageUrlField(serializers.SerializerMethodField):
    """The absolute address of the item's public page."""

    def __init__(self, **kwargs):
        super().__init__(method_name="get_page_url", **kwargs)


class PageUrlMixin:
    def get_page_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class MunicipalityRefSerializer(PageUrlMixin, serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = Municipality
        fields = ["slug", "name", "cbs_code", "country", "url"]


class MunicipalitySerializer(MunicipalityRefSerializer):
    province = serializers.CharField(source="get_province_display")
    size_class = serializers.SerializerMethodField(
        help_text=_(
            "Grootteklasse naar inwoners (CBS): klein < 20.000, middelgroot 20.000–100.000, "
            "groot > 100.000; null: niet bekend."
        )
    )

    class Meta(MunicipalityRefSerializer.Meta):
        fields = [
            *MunicipalityRefSerializer.Meta.fields,
            "alias",
            "province",
            "region",
            "ended_on",
            "size_class",
        ]

    @extend_schema_field({"type": "string", "enum": [*SizeClass.values], "nullable": True})
    def get_size_class(self, obj) -> str | None:
        return obj.size_class or None


class TermSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.SerializerMethodField(
        help_text=_("De naam, in de gevraagde taal als die er is (thema's).")
    )

    def get_name(self, term) -> str:
        return translations.field_in(term, "name")[0]


class NetworkRefSerializer(PageUrlMixin, serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = Network
        fields = ["slug", "name", "kind", "url"]


class FileSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    size = serializers.IntegerField()

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.file.url)


class LinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticeLink
        fields = ["title", "url"]


@extend_schema_serializer(
    description=_(
        "Wanneer het gebeurde, zo precies als bekend: begin en eind (null als onbekend), hun "
        "precisie (day, month of year: een maand staat als de eerste dag, een jaar als 1 "
        "januari) en de periode in woorden, in de gevraagde taal."
    )
)
class EventSerializer(serializers.Serializer):
    """When it happened, as exactly as known: start and end (null when
    unknown), their precision (day, month or year: a month is given as its
    first day, a year as 1 January) and the period in words of the asked
    language. The schema's descriptions are translated texts (issue 21), not
    these docstrings."""

    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    precision = serializers.CharField()
    label = serializers.CharField(source="__str__")


class MeetingLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingLink
        fields = ["title", "url"]


class MeetingPointSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = MeetingPoint
        fields = ["kind", "text", "municipality"]


COMMON = [
    "slug",
    "url",
    "title",
    "summary",
    "language",
    "event",
    "publish_at",
    "updated_at",
    "municipalities",
    "themes",
]


class TranslatedSerializer(serializers.ModelSerializer):
    """Every text field that has an English twin (``portal.core.translations``)
    comes in the asked language where the row has it, else in Dutch."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in translations.translated_names(type(instance)):
            field = self.fields.get(name)
            if field is not None and field.source == name:
                data[name] = translations.field_in(instance, name)[0]
        return data


class PublishableSerializer(PageUrlMixin, TranslatedSerializer):
    url = PageUrlField()
    event = EventSerializer(source="event_period", read_only=True)
    municipalities = MunicipalityRefSerializer(many=True)
    themes = TermSerializer(many=True)
    language = serializers.SerializerMethodField(
        help_text=_(
            "Taal van title, summary en body: 'en' als er een Engelse versie is en om Engels "
            "gevraagd is (?taal=en of Accept-Language), anders 'nl'. Andere tekstvelden met een "
            "Engelse versie (zoals goal, purpose, ambition) volgen dezelfde regel, elk voor zich; "
            "teksten zonder Engelse versie (namen, partners, punten van een bijeenkomst, het "
            "aanbod van een organisatie) zijn altijd Nederlands."
        )
    )

    def get_language(self, item) -> str:
        return translations.field_in(item, "title")[1]


class UnknownAsNullChoiceField(serializers.ChoiceField):
    """A choice the editors may leave empty: ``null`` means "niet bekend"
    (never a guess); ``niet-beoordeeld`` is a real value (nobody judged it)."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices=choices, allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return value or None


class PracticeListSerializer(PublishableSerializer):
    phases = TermSerializer(many=True)
    target_groups = TermSerializer(many=True)
    evidence_level = UnknownAsNullChoiceField(
        Evidence.choices,
        help_text=_("Onderbouwing op de Nederlandse erkenningsladder; null: niet bekend."),
    )
    cost_band = UnknownAsNullChoiceField(
        CostBand.choices,
        help_text=_(
            "Kosten: geen, laag (< € 1.000), midden (€ 1.000–10.000), hoog (> € 10.000), "
            "per cost_unit; null: niet bekend."
        ),
    )
    continuity = UnknownAsNullChoiceField(
        Continuity.choices, help_text=_("Structureel of eenmalig; null: niet bekend.")
    )

    class Meta:
        model = Practice
        fields = [
            *COMMON,
            "phases",
            "target_groups",
            "start_year",
            "end_year",
            "evidence_level",
            "cost_band",
            "continuity",
        ]


class PracticeSerializer(PracticeListSerializer):
    links = LinkSerializer(many=True)
    attachments = FileSerializer(many=True)
    cost_unit = UnknownAsNullChoiceField(
        CostUnit.choices, help_text=_("Waarop de kosten slaan; null: niet bekend.")
    )
    adopted_by = serializers.SerializerMethodField(
        help_text=_("Gemeenten die meldden dat zij dit overnamen (door de redactie goedgekeurd).")
    )

    class Meta(PracticeListSerializer.Meta):
        fields = [
            *PracticeListSerializer.Meta.fields,
            "body",
            "outreach",
            "partners",
            "contact_role",
            "video_url",
            "reviewed_on",
            "evidence_source",
            "evidence_url",
            "cost_unit",
            "cost_note",
            "time_investment",
            "results",
            "results_url",
            "requirements",
            "adopted_by",
            "links",
            "attachments",
        ]

    @extend_schema_field(MunicipalityRefSerializer(many=True))
    def get_adopted_by(self, obj) -> list:
        adoptions = (
            Adoption.objects.public()
            .filter(practice=obj)
            .select_related("municipality")
            .order_by("municipality__name")
        )
        return MunicipalityRefSerializer(
            [a.municipality for a in adoptions], many=True, context=self.context
        ).data


class MeetingListSerializer(PublishableSerializer):
    network = NetworkRefSerializer(allow_null=True)
    host_municipality = MunicipalityRefSerializer(allow_null=True)

    class Meta:
        model = Meeting
        fields = [*COMMON, "network", "host_municipality", "venue", "start_date", "end_date"]


class MeetingSerializer(MeetingListSerializer):
    attachments = FileSerializer(many=True)
    links = MeetingLinkSerializer(many=True)
    points = MeetingPointSerializer(many=True)

    class Meta(MeetingListSerializer.Meta):
        fields = [
            *MeetingListSerializer.Meta.fields,
            "method",
            "goal",
            "programme",
            "outcome",
            "body",
            "points",
            "attachments",
            "links",
        ]


class TravelReportListSerializer(PublishableSerializer):
    destination = MunicipalityRefSerializer()
    author_municipality = MunicipalityRefSerializer()

    class Meta:
        model = TravelReport
        fields = [*COMMON, "destination", "author_municipality", "departure_date", "return_date"]


class TravelReportSerializer(TravelReportListSerializer):
    # Only a public meeting: a draft, scheduled or archived one is null.
    meeting = serializers.SlugRelatedField(
        source="public_meeting", slug_field="slug", read_only=True, allow_null=True
    )
    attachments = FileSerializer(many=True)
    links = LinkSerializer(many=True)

    class Meta(TravelReportListSerializer.Meta):
        fields = [
            *TravelReportListSerializer.Meta.fields,
            "meeting",
            "author_department",
            *TravelReport.TEMPLATE_QUESTIONS,
            "body",
            "attachments",
            "links",
        ]


class ActionSerializer(TranslatedSerializer):
    class Meta:
        model = Action
        fields = ["title", "description", "owner_role", "status"]


class ActionPlanListSerializer(PublishableSerializer):
    network = NetworkRefSerializer()
    municipality = MunicipalityRefSerializer()

    class Meta:
        model = ActionPlan
        fields = [*COMMON, "network", "municipality", "start_year", "end_year"]


class ActionPlanSerializer(ActionPlanListSerializer):
    actions = ActionSerializer(many=True)

    class Meta(ActionPlanListSerializer.Meta):
        fields = [
            *ActionPlanListSerializer.Meta.fields,
            "ambition",
            "support_group",
            "body",
            "actions",
        ]


# --- Issue 19: organisations, regions, theme dossiers, policy documents -------


@extend_schema_serializer(description=_("Een ander openbaar item: slug, titel en pagina."))
class ContentRefSerializer(PageUrlMixin, serializers.Serializer):
    """Another public item, by slug, title (in the asked language where it
    has one) and page."""

    slug = serializers.SlugField()
    title = serializers.SerializerMethodField()
    url = PageUrlField()

    def get_title(self, item) -> str:
        return translations.field_in(item, "title")[0]


class OrganisationListSerializer(PublishableSerializer):
    regions = serializers.SerializerMethodField(help_text=_("Gepubliceerde regio's (slugs)."))

    class Meta:
        model = Organisation
        fields = [*COMMON, "kind", "regions", "website", "email", "phone"]

    def get_regions(self, obj) -> list[str]:
        return [r.slug for r in obj.regions.all() if r.is_public]


@extend_schema_serializer(
    description=_(
        "Alleen het functionele contact (website, algemeen e-mailadres en telefoonnummer van "
        "de organisatie): een contactpersoon staat nooit in de open data."
    )
)
class OrganisationSerializer(OrganisationListSerializer):
    """Functional contact only (the organisation's website, mailbox and
    phone): a named contact person is never in the open data."""

    offer = serializers.ListField(
        source="offer_list",
        child=serializers.CharField(),
        help_text=_("Wat zij bieden (alleen in het Nederlands)."),
    )
    practices = serializers.SerializerMethodField()
    meetings = serializers.SerializerMethodField()

    class Meta(OrganisationListSerializer.Meta):
        fields = [*OrganisationListSerializer.Meta.fields, "offer", "body", "practices", "meetings"]

    @extend_schema_field(ContentRefSerializer(many=True))
    def get_practices(self, obj) -> list:
        return ContentRefSerializer(obj.public_practices(), many=True, context=self.context).data

    @extend_schema_field(ContentRefSerializer(many=True))
    def get_meetings(self, obj) -> list:
        return ContentRefSerializer(obj.public_meetings(), many=True, context=self.context).data


class RegionSerializer(PublishableSerializer):
    class Meta:
        model = Region
        fields = [*COMMON, "body"]


class DossierEvidenceSerializer(TranslatedSerializer):
    class Meta:
        model = DossierEvidence
        fields = ["statement", "source_title", "source_url"]


class ThemeDossierListSerializer(PublishableSerializer):
    theme = TermSerializer()

    class Meta:
        model = ThemeDossier
        fields = [*COMMON, "theme"]


class ThemeDossierSerializer(ThemeDossierListSerializer):
    arguments_parents = serializers.ListField(
        source="parent_arguments",
        child=serializers.CharField(),
        help_text=_("Argumenten voor ouders, in de gevraagde taal als die er is."),
    )
    arguments_heads = serializers.ListField(
        source="head_arguments",
        child=serializers.CharField(),
        help_text=_("Argumenten voor schoolleiders, in de gevraagde taal als die er is."),
    )
    evidence = DossierEvidenceSerializer(many=True)

    class Meta(ThemeDossierListSerializer.Meta):
        fields = [
            *ThemeDossierListSerializer.Meta.fields,
            "body",
            "arguments_parents",
            "arguments_heads",
            "evidence",
        ]


class PolicyDocumentListSerializer(PublishableSerializer):
    municipality = MunicipalityRefSerializer()
    document_url = serializers.URLField(source="url", help_text=_("Link naar het document."))

    class Meta:
        model = PolicyDocument
        fields = [*COMMON, "municipality", "year", "document_url"]


class PolicyDocumentSerializer(PolicyDocumentListSerializer):
    files = FileSerializer(many=True)

    class Meta(PolicyDocumentListSerializer.Meta):
        fields = [*PolicyDocumentListSerializer.Meta.fields, "body", "files"]
