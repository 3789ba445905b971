"""Open data: what the public pages show, as JSON. Published content only;
no personal data (no contact addresses, authors, editors or submissions)."""

from rest_framework import serializers

from meetings.models import Action, ActionPlan, Meeting, Network, TravelReport
from portal.core.models import Municipality
from practices.models import Practice, PracticeLink


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

    class Meta(MunicipalityRefSerializer.Meta):
        fields = [*MunicipalityRefSerializer.Meta.fields, "alias", "province", "region", "ended_on"]


class TermSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


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


COMMON = ["slug", "url", "title", "summary", "publish_at", "updated_at", "municipalities", "themes"]


class PublishableSerializer(PageUrlMixin, serializers.ModelSerializer):
    url = PageUrlField()
    municipalities = MunicipalityRefSerializer(many=True)
    themes = TermSerializer(many=True)


class PracticeListSerializer(PublishableSerializer):
    phases = TermSerializer(many=True)
    target_groups = TermSerializer(many=True)

    class Meta:
        model = Practice
        fields = [*COMMON, "phases", "target_groups", "start_year", "end_year"]


class PracticeSerializer(PracticeListSerializer):
    links = LinkSerializer(many=True)
    attachments = FileSerializer(many=True)

    class Meta(PracticeListSerializer.Meta):
        fields = [
            *PracticeListSerializer.Meta.fields,
            "body",
            "outreach",
            "partners",
            "contact_role",
            "video_url",
            "reviewed_on",
            "links",
            "attachments",
        ]


class MeetingListSerializer(PublishableSerializer):
    network = NetworkRefSerializer(allow_null=True)
    host_municipality = MunicipalityRefSerializer(allow_null=True)

    class Meta:
        model = Meeting
        fields = [*COMMON, "network", "host_municipality", "venue", "start_date", "end_date"]


class MeetingSerializer(MeetingListSerializer):
    attachments = FileSerializer(many=True)

    class Meta(MeetingListSerializer.Meta):
        fields = [
            *MeetingListSerializer.Meta.fields,
            "method",
            "goal",
            "programme",
            "outcome",
            "body",
            "attachments",
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

    class Meta(TravelReportListSerializer.Meta):
        fields = [
            *TravelReportListSerializer.Meta.fields,
            "meeting",
            "author_department",
            *TravelReport.TEMPLATE_QUESTIONS,
            "body",
        ]


class ActionSerializer(serializers.ModelSerializer):
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
