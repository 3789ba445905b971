"""The public pages of organisations, regions, theme dossiers and policy
documents: published items only; staff who may change an item preview a
draft (``detail_or_preview``)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from dossiers.filters import OrganisationFilter
from dossiers.models import Organisation, PolicyDocument, Region, ThemeDossier
from portal.core.models import Municipality, Theme
from portal.core.pagination import page_or_last
from portal.web.feeds import list_feed
from portal.web.views import detail_or_preview, visible_to

# A region or theme dossier shows this many practices; the rest is one link
# away (the municipalities' pages, the practice list by theme): a page must
# not grow with the number of practices (issue 23).
PRACTICES_SHOWN = 12


def _first(queryset):
    """The first PRACTICES_SHOWN rows, and whether there are more."""
    rows = list(queryset[: PRACTICES_SHOWN + 1])
    return rows[:PRACTICES_SHOWN], len(rows) > PRACTICES_SHOWN


def _paginate(request, queryset):
    return page_or_last(Paginator(queryset, settings.PAGINATE_BY), request.GET.get("pagina"))


def organisation_list(request):
    filters = OrganisationFilter(request.GET)
    if filters.invalid:
        messages.warning(
            request,
            _("Deze filterwaarden kennen we niet en zijn genegeerd: %(names)s.")
            % {"names": ", ".join(filters.invalid)},
        )
    queryset = filters.qs
    return render(
        request,
        "dossiers/organisation_list.html",
        {
            "page": _paginate(request, queryset),
            "total": queryset.count(),
            "facets": filters.facets(),
            "filters": filters,
        },
    )


def organisation_detail(request, slug):
    return detail_or_preview(
        request,
        visible_to(request.user, Organisation).prefetch_related(
            "themes", "regions", "municipalities"
        ),
        slug,
        "dossiers/organisation_detail.html",
        "organisation",
        more_context=lambda o: {
            "practices": o.public_practices(),
            "meetings": o.public_meetings(),
            "regions": o.regions.published(),
        },
    )


def region_list(request):
    regions = Region.objects.published().prefetch_related("municipalities").order_by("title")
    return render(request, "dossiers/region_list.html", {"regions": regions})


def region_detail(request, slug):
    return detail_or_preview(
        request,
        visible_to(request.user, Region).prefetch_related("municipalities"),
        slug,
        "dossiers/region_detail.html",
        "region",
        more_context=_region_context,
    )


def _region_context(region):
    practices, more = _first(region.public_practices())
    return {
        "practices": practices,
        "more_practices": more,
        "meetings": region.public_meetings(),
        "organisations": region.public_organisations(),
    }


def dossier_list(request):
    dossiers = ThemeDossier.objects.published().select_related("theme").order_by("title")
    return render(request, "dossiers/dossier_list.html", {"dossiers": dossiers})


def _dossier_context(dossier):
    practices, more = _first(dossier.public_practices())
    return {
        "practices": practices,
        "more_practices": more,
        "meetings": dossier.public_meetings(),
        "organisations": dossier.public_organisations(),
        "policy_documents": dossier.public_policy_documents(),
    }


def dossier_detail(request, slug, print_version=False):
    template = "dossiers/dossier_print.html" if print_version else "dossiers/dossier_detail.html"
    return detail_or_preview(
        request,
        visible_to(request.user, ThemeDossier)
        .select_related("theme")
        .prefetch_related("evidence", "questions"),
        slug,
        template,
        "dossier",
        more_context=_dossier_context,
    )


def policy_list(request):
    documents = (
        PolicyDocument.objects.published().select_related("municipality").prefetch_related("themes")
    )
    municipality = theme = None
    if slug := request.GET.get("gemeente", "").strip():
        municipality = Municipality.objects.filter(slug=slug).first()
        documents = (
            documents.filter(Q(municipality=municipality) | Q(municipalities=municipality))
            if municipality
            else documents.none()
        )
    if slug := request.GET.get("thema", "").strip():
        theme = Theme.objects.filter(slug=slug).first()
        documents = documents.filter(themes=theme) if theme else documents.none()
    return render(
        request,
        "dossiers/policy_list.html",
        {
            "page": _paginate(request, documents.distinct().by_event()),
            "municipality": municipality,
            "theme": theme,
            "feed": list_feed(PolicyDocument, request.GET),
        },
    )


def policy_detail(request, slug):
    return detail_or_preview(
        request,
        visible_to(request.user, PolicyDocument)
        .select_related("municipality")
        .prefetch_related("themes", "files"),
        slug,
        "dossiers/policy_detail.html",
        "document",
    )
