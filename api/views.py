"""Read-only open-data endpoints. Every list uses the same published()
querysets and filters as the public pages; invalid filter values give a
400 with the reason, never an empty 200."""

import csv
import io

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response

from api import filters, serializers
from meetings.models import ActionPlan, Meeting, TravelReport
from portal.models import Municipality
from practices.models import Practice

REFS = ("municipalities", "themes")


class Pagination(PageNumberPagination):
    page_size = 20
    page_query_param = "pagina"
    page_size_query_param = "per_pagina"
    max_page_size = 100
    page_query_description = _("Paginanummer (vanaf 1).")
    page_size_query_description = _(
        "Aantal resultaten per pagina (1 tot en met 100; standaard 20)."
    )

    def get_page_size(self, request):
        """Strict: a page size that is not a whole number from 1 to 100 is a
        400, not silently the default."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [_("Kies een getal van 1 tot en met 100.")]}
            )
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


class ContentViewSet(viewsets.ReadOnlyModelViewSet):
    """List (paginated, filtered) and detail by slug."""

    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # any slug-like text: an unknown one is a JSON 404
    filter_backends = [DjangoFilterBackend]
    pagination_class = Pagination
    detail_serializer_class = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class


CSV_COLUMNS = [
    "titel",
    "adres",
    "samenvatting",
    "gemeenten",
    "thema's",
    "onderwijsfasen",
    "doelgroepen",
    "startjaar",
    "eindjaar",
    "gepubliceerd",
]


def practice_row(request, practice):
    names = lambda items: "; ".join(item.name for item in items.all())  # noqa: E731
    return [
        practice.title,
        request.build_absolute_uri(practice.get_absolute_url()),
        practice.summary,
        names(practice.municipalities),
        names(practice.themes),
        names(practice.phases),
        names(practice.target_groups),
        practice.start_year or "",
        practice.end_year or "",
        practice.publish_at.date().isoformat(),
    ]


class CSVRenderer(BaseRenderer):
    """Rows to CSV (UTF-8 with BOM, so spreadsheet programs read the accents).
    Cells starting with = + - @ are prefixed with ' against formula injection."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        writer = csv.writer(out)
        if isinstance(data, dict):  # an error: one line with the reason
            data = [["fout"], [str(data.get("detail", data))]]
        for row in data:
            writer.writerow([_safe(cell) for cell in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")


def _safe(cell):
    text = str(cell)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@extend_schema(tags=["praktijkvoorbeelden"])
class PracticeViewSet(ContentViewSet):
    serializer_class = serializers.PracticeListSerializer
    detail_serializer_class = serializers.PracticeSerializer
    filterset_class = filters.ApiPracticeFilter

    def get_queryset(self):
        queryset = Practice.objects.published().prefetch_related(*REFS, "phases", "target_groups")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("links", "attachments")
        return queryset.order_by("-publish_at", "-id")

    @extend_schema(
        summary="Praktijkvoorbeelden als CSV",
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)},
    )
    @action(
        detail=False,
        url_path="csv",
        renderer_classes=[CSVRenderer],
        pagination_class=None,
    )
    def csv(self, request):
        practices = self.filter_queryset(self.get_queryset())
        rows = [CSV_COLUMNS] + [practice_row(request, p) for p in practices]
        response = Response(rows)
        response["Content-Disposition"] = 'attachment; filename="praktijkvoorbeelden.csv"'
        return response


@extend_schema(tags=["bijeenkomsten"])
class MeetingViewSet(ContentViewSet):
    serializer_class = serializers.MeetingListSerializer
    detail_serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter

    def get_queryset(self):
        queryset = Meeting.objects.published().select_related("network", "host_municipality")
        queryset = queryset.prefetch_related(*REFS)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("attachments")
        return queryset.order_by("-start_date", "-id")


@extend_schema(tags=["reisverslagen"])
class TravelReportViewSet(ContentViewSet):
    serializer_class = serializers.TravelReportListSerializer
    detail_serializer_class = serializers.TravelReportSerializer
    filterset_class = filters.TravelReportFilter

    def get_queryset(self):
        return (
            TravelReport.objects.published()
            .select_related("destination", "author_municipality", "meeting")
            .prefetch_related(*REFS)
            .order_by("-departure_date", "-id")
        )


@extend_schema(tags=["actieplannen"])
class ActionPlanViewSet(ContentViewSet):
    serializer_class = serializers.ActionPlanListSerializer
    detail_serializer_class = serializers.ActionPlanSerializer
    filterset_class = filters.ActionPlanFilter

    def get_queryset(self):
        queryset = (
            ActionPlan.objects.published()
            .select_related("network", "municipality")
            .prefetch_related(*REFS)
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("actions")
        return queryset.order_by("-publish_at", "-id")


@extend_schema(tags=["gemeenten"])
class MunicipalityViewSet(ContentViewSet):
    serializer_class = serializers.MunicipalitySerializer
    filterset_class = filters.MunicipalityFilter
    queryset = Municipality.objects.order_by("name", "id")
