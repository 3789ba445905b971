"""Read-only open-data endpoints. Every list uses the same published()
querysets and filters as the public pages. A value of the wrong type gives
a 400 with the reason; an unknown slug simply matches nothing."""

import csv
import io

from django.core.paginator import InvalidPage
from django.http import Http404, QueryDict, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer

from api import filters, serializers
from dossiers.models import Organisation, PolicyDocument, Region, ThemeDossier
from meetings.models import ActionPlan, Meeting, TravelReport
from portal.core import translations
from portal.core.models import Municipality
from portal.core.pagination import LivePaginator
from portal.ops.counts import counted
from practices.models import Continuity, Evidence, Practice, describe_cost

REFS = ("municipalities", "themes")


# The lists' totals in portal.ops.counts (issue 23): a COUNT over every
# matching item would make each page's cost grow with the table.
LIST_COUNTS = "api-list-v1"


class Pagination(PageNumberPagination):
    """Page numbers, as documented. ``count`` comes from the kept counts (after
    an edit it may be the previous number for a moment); the rows, ``next`` and
    ``previous`` are read live (a page reads one row more than it shows)."""

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
        # isascii: "²" passes isdigit() but int() refuses it.
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [_("Kies een getal van 1 tot en met 100.")]}
            )
        return int(raw)

    def get_page_number(self, request, paginator):
        """Strict as well: ``pagina=`` (empty) is not page 1 but a 404, like any
        other page number that does not exist."""
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit()):
            raise NotFound(self.invalid_page_message.format(page_number=raw, message=""))
        return super().get_page_number(request, paginator)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        total = counted(LIST_COUNTS, count_parts(view, request), queryset.count).value
        paginator = LivePaginator(queryset, size, count=total)
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(number)
        except InvalidPage as exc:
            raise NotFound(
                self.invalid_page_message.format(page_number=number, message=str(exc))
            ) from exc
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


def count_parts(view, request):
    """What a list's total depends on, as plain JSON: the viewset and its
    filter parameters (not the page, its size or the order)."""
    filterset_class = getattr(view, "filterset_class", None)
    names = sorted(filterset_class.base_filters) if filterset_class else []
    params = [
        [key, sorted(request.query_params.getlist(key))]
        for name in names
        if name != "sortering"
        for key in (name, f"{name}[]")
        if key in request.query_params
    ]
    return [type(view).__name__, params]


def list_count(parts):
    """The total of a list for ``count_parts``: what a worker runs to
    refresh it (as the filter backend filters: an invalid filter is a 400
    before any count)."""
    name, params = parts
    viewset = {cls.__name__: cls for cls in ContentViewSet.__subclasses__()}[name]
    view = viewset(action="list")
    queryset = view.get_queryset()
    if view.filterset_class is not None:
        data = QueryDict(mutable=True)
        for key, values in params:
            data.setlist(key, values)
        filterset = view.filterset_class(data=data, queryset=queryset)
        queryset = filterset.qs if filterset.is_valid() else queryset.none()
    return queryset.count()


class ContentViewSet(viewsets.ReadOnlyModelViewSet):
    """List (paginated, filtered) and detail by slug; the schema's words for
    them are ``api.schema.PortalAutoSchema.get_description``."""

    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # any slug-like text: an unknown one is a JSON 404
    filter_backends = [DjangoFilterBackend]
    pagination_class = Pagination
    detail_serializer_class = None
    filterset_class = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class

    def get_object(self):
        # Django's Http404 says "No Practice matches the given query." in
        # English, whatever was asked: our own, translated "Niet gevonden.".
        try:
            return super().get_object()
        except Http404:
            raise NotFound(_("Niet gevonden.")) from None


# The header, in the asked language (issue 21), like the titles, summaries
# and theme names below it where they have an English version.
CSV_COLUMNS = [
    _("titel"),
    _("adres"),
    _("samenvatting"),
    _("gemeenten"),
    _("thema's"),
    _("onderwijsfasen"),
    _("doelgroepen"),
    _("startjaar"),
    _("eindjaar"),
    _("gepubliceerd"),
    # Issue 19; empty: niet bekend.
    _("onderbouwing"),
    _("kosten"),
    _("structureel of eenmalig"),
]


RELATED_COLUMNS = ("municipalities", "themes", "phases", "target_groups")
CSV_BATCH = 2000


class _Echo:
    """A file for csv.writer that hands each written line back."""

    def write(self, line):
        return line


def _names(ids, relation, english):
    """{practice id: "name; name"} for one many-to-many relation: plain
    tuples, no model instances (this is what makes 20,000 rows fast). With
    ``english``, a theme's English name where it has one."""
    field = Practice._meta.get_field(relation)
    column = f"{field.m2m_reverse_field_name()}__name"
    twin = english and f"name_{translations.ENGLISH}" in {
        f.name for f in field.related_model._meta.concrete_fields
    }
    rows = (
        field.remote_field.through.objects.filter(practice_id__in=ids)
        .values_list("practice_id", column, f"{column}_{translations.ENGLISH}" if twin else column)
        .order_by(column)
    )
    names = {}
    for practice_id, name, name_en in rows:
        names.setdefault(practice_id, []).append(name_en or name)
    return {pk: "; ".join(values) for pk, values in names.items()}


def practice_csv_lines(request, practices):
    """The CSV, line by line, in batches of CSV_BATCH practices (five queries
    per batch), so memory stays flat however long the list."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    english = translations.active_language() == translations.ENGLISH
    rows = practices.prefetch_related(None).values_list(
        "pk",
        "title_en" if english else "title",
        "title",
        "slug",
        "summary_en" if english else "summary",
        "summary",
        "start_year",
        "end_year",
        "publish_at",
        "evidence_level",
        "cost_band",
        "cost_unit",
        "continuity",
    )
    batch = []
    for row in rows.iterator(chunk_size=CSV_BATCH):
        batch.append(row)
        if len(batch) == CSV_BATCH:
            yield from _csv_batch(request, writer, batch, english)
            batch = []
    yield from _csv_batch(request, writer, batch, english)


def _csv_batch(request, writer, batch, english):
    ids = [row[0] for row in batch]
    related = [_names(ids, relation, english) for relation in RELATED_COLUMNS]
    # reverse() once, not per row: it was a third of the export's time.
    url = request.build_absolute_uri(reverse("practices:detail", kwargs={"slug": "__slug__"}))
    for row in batch:
        pk, title, dutch_title, slug, summary, dutch_summary, start_year, end_year = row[:8]
        publish_at, *glance = row[8:]
        cells = [title or dutch_title, url.replace("__slug__", slug), summary or dutch_summary]
        cells += [names.get(pk, "") for names in related]
        cells += [start_year or "", end_year or "", publish_at.date().isoformat()]
        cells += glance_cells(*glance)
        yield writer.writerow([_safe(cell) for cell in cells])


def glance_cells(evidence_level, cost_band, cost_unit, continuity):
    """Onderbouwing, kosten (band with its definition) and structureel or
    eenmalig, in Dutch words; "" where unknown."""
    return [
        Evidence(evidence_level).label if evidence_level else "",
        describe_cost(cost_band, cost_unit),
        Continuity(continuity).label if continuity else "",
    ]


class CSVRenderer(BaseRenderer):
    """Renders the CSV action's error answers (a 400 for a bad filter value);
    the list itself streams from practice_csv_lines. UTF-8 with BOM, so
    spreadsheet programs read the accents; cells starting with = + - @ are
    prefixed with ' against formula injection."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        writer = csv.writer(out)
        if isinstance(data, dict):  # an error: a line per reason, in the asked language
            data = [[gettext("fout")], *([reason] for reason in error_reasons(data))]
        for row in data:
            writer.writerow([_safe(cell) for cell in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")


def error_reasons(data):
    """The reasons of an error answer as lines: "detail" as it is, a field's
    reasons as "field: reason"."""
    if "detail" in data:
        return [str(data["detail"])]
    return [
        f"{name}: {reason}"
        for name, reasons in data.items()
        for reason in (reasons if isinstance(reasons, list) else [reasons])
    ]


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
        return queryset.by_event()

    @extend_schema(
        summary=_("Praktijkvoorbeelden als CSV"),
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
        response = StreamingHttpResponse(
            practice_csv_lines(request, practices), content_type="text/csv; charset=utf-8"
        )
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
            queryset = queryset.prefetch_related("attachments", "links", "points__municipality")
        return queryset.by_event()


@extend_schema(tags=["reisverslagen"])
class TravelReportViewSet(ContentViewSet):
    serializer_class = serializers.TravelReportListSerializer
    detail_serializer_class = serializers.TravelReportSerializer
    filterset_class = filters.TravelReportFilter

    def get_queryset(self):
        queryset = (
            TravelReport.objects.published()
            .select_related("destination", "author_municipality")
            .prefetch_related(*REFS)
        )
        if self.action == "retrieve":
            queryset = queryset.with_public_relations().prefetch_related("attachments", "links")
        return queryset.by_event()


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
        return queryset.by_event()


@extend_schema(tags=["gemeenten"])
class MunicipalityViewSet(ContentViewSet):
    serializer_class = serializers.MunicipalitySerializer
    filterset_class = filters.MunicipalityFilter
    queryset = Municipality.objects.order_by("name", "id")


# --- Issue 19: organisations, regions, theme dossiers, policy documents -------


class OrganisationViewSet(ContentViewSet):
    serializer_class = serializers.OrganisationListSerializer
    detail_serializer_class = serializers.OrganisationSerializer

    def get_queryset(self):
        return (
            Organisation.objects.published()
            .prefetch_related(*REFS, "regions")
            .order_by("title", "id")
        )


class RegionViewSet(ContentViewSet):
    serializer_class = serializers.RegionSerializer

    def get_queryset(self):
        return Region.objects.published().prefetch_related(*REFS).order_by("title", "id")


class ThemeDossierViewSet(ContentViewSet):
    serializer_class = serializers.ThemeDossierListSerializer
    detail_serializer_class = serializers.ThemeDossierSerializer

    def get_queryset(self):
        queryset = ThemeDossier.objects.published().select_related("theme")
        queryset = queryset.prefetch_related(*REFS)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("evidence")
        return queryset.order_by("title", "id")


class PolicyDocumentViewSet(ContentViewSet):
    serializer_class = serializers.PolicyDocumentListSerializer
    detail_serializer_class = serializers.PolicyDocumentSerializer

    def get_queryset(self):
        queryset = PolicyDocument.objects.published().select_related("municipality")
        queryset = queryset.prefetch_related(*REFS)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("files")
        return queryset.by_event()
