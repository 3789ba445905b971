"""The shared pages (home, municipalities, search, review queue, health)
and the helpers the apps' views use."""

import logging
import sys

from django.contrib import admin
from django.db import InterfaceError, OperationalError, connection
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import ngettext

from portal.core import registry
from portal.core.cache import cached, content_version
from portal.core.models import Municipality
from portal.editorial.queue import sections_for
from portal.search.query import FACETS, run_search

logger = logging.getLogger(__name__)


def visible_to(user, model):
    """Published items for everyone; staff who may change the model also see
    drafts (shown as a preview)."""
    opts = model._meta
    if (
        user.is_authenticated
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    ):
        return model.objects.all()
    return model.objects.published()


def detail_or_preview(request, queryset, slug, template, name, more_context=None):
    """The public page of an item; staff who may change it see a draft as a
    marked preview that is never cached; for everyone else it is a 404."""
    item = get_object_or_404(queryset, slug=slug)
    is_preview = not item.is_public
    context = {name: item, "is_preview": is_preview, **(more_context(item) if more_context else {})}
    response = render(request, template, context)
    if is_preview:
        response["Cache-Control"] = "no-store, private"
    return response


def home(request):
    sections = []
    for kind in registry.kinds():
        items = list(kind.published().prefetch_related(*kind.prefetch)[:4])
        if items:
            sections.append({"kind": kind, "items": items})
    headline = registry.headline_kind()
    upcoming = [
        item for kind in registry.upcoming_kinds() for item in kind.upcoming(kind.published())[:3]
    ][:3]
    practice_count, municipality_count = (
        cached(
            "home-counts",
            (),
            lambda: (headline.published().count(), len(headline.municipality_counts())),
        )
        if headline
        else (0, 0)
    )
    return render(
        request,
        "portal/home.html",
        {
            "sections": sections,
            "upcoming": upcoming,
            "practice_count": practice_count,
            "municipality_count": municipality_count,
        },
    )


def _municipality_groups(municipalities, counts):
    """A–Z groups, province groups and cities abroad, as plain rows."""
    by_letter, by_province, abroad = {}, {}, []
    for m in municipalities:
        n = counts.get(m.pk, 0)
        row = {
            "name": m.alias or m.name,
            "url": m.get_absolute_url(),
            "count": n,
            "count_label": ngettext("%(n)d item", "%(n)d items", n) % {"n": n},
        }
        by_letter.setdefault(row["name"].lstrip("'").upper()[:1], []).append(row)
        if m.is_dutch:
            by_province.setdefault(m.get_province_display(), []).append(row)
        else:
            abroad.append(row)
    for group in by_letter.values():
        group.sort(key=lambda r: r["name"].lstrip("'").lower())
    return {
        "letters": sorted(by_letter.items()),
        "provinces": sorted(by_province.items()),
        "abroad": abroad,
    }


def municipality_list(request):
    query = request.GET.get("q", "").strip()[:100]
    counts = registry.municipality_counts()
    municipalities = Municipality.objects.filter(
        Q(country="NL", ended_on__isnull=True) | Q(pk__in=list(counts))
    )
    if query:
        municipalities = municipalities.filter(Q(name__icontains=query) | Q(alias__icontains=query))
    return render(
        request,
        "portal/municipality_list.html",
        {
            "query": query,
            # Rendered inside a fragment cache: only computed on a miss.
            "groups": lambda: _municipality_groups(municipalities, counts),
            "cache_version": content_version(),
            "total": municipalities.count(),
            "with_content": len(counts),
        },
    )


def municipality_detail(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    sections = []
    for kind in registry.kinds():
        queryset = kind.for_municipality(municipality)
        items = list(queryset[:25])
        if items:
            count = len(items) if len(items) < 25 else queryset.count()
            sections.append(
                {
                    "kind": kind,
                    "items": items,
                    "count": count,
                    "more_url": kind.list_url(municipality),
                }
            )
    return render(
        request,
        "portal/municipality_detail.html",
        {"municipality": municipality, "sections": sections},
    )


def page(request, template):
    return render(request, f"portal/{template}.html")


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def review_queue(request):
    """Admin page (wrapped in ``admin_view`` in urls.py)."""
    sections = sections_for(request.user)
    return render(
        request,
        "admin/portal/review_queue.html",
        {
            **admin.site.each_context(request),
            "title": "Wat wacht op mij",
            "sections": sections,
        },
    )


FACET_LABELS = {
    "type": "Soort",
    "gemeente": "Gemeente",
    "provincie": "Provincie",
    "thema": "Thema",
    "fase": "Onderwijsfase",
    "jaar": "Jaar",
}


def search(request):
    filters = {name: request.GET.getlist(name)[:20] for name in FACETS if request.GET.get(name)}
    outcome = run_search(request.GET.get("q", ""), filters, request.GET.get("pagina"))
    params = request.GET.copy()
    params.pop("pagina", None)
    facets = []
    for name in FACETS:
        all_options = outcome.facets.get(name, [])
        options = [o for i, o in enumerate(all_options) if i < 15 or o["selected"]]
        chosen = []
        for value in filters.get(name, []):
            remaining = params.copy()
            remaining.setlist(name, [v for v in params.getlist(name) if v != value])
            label = next((o["label"] for o in all_options if o["value"] == value), value)
            chosen.append({"value": value, "label": label, "remove": "?" + remaining.urlencode()})
        facets.append(
            {"param": name, "label": FACET_LABELS[name], "options": options, "selected": chosen}
        )
    suggestion_url = ""
    if outcome.suggestion:
        suggested = params.copy()
        suggested["q"] = outcome.suggestion
        suggestion_url = "?" + suggested.urlencode()
    return render(
        request,
        "portal/search.html",
        {
            "outcome": outcome,
            "page": outcome.page,
            "facets": facets,
            "querystring": params.urlencode(),
            "suggestion_url": suggestion_url,
        },
    )


def favicon(request):
    return redirect(static("favicon.svg"), permanent=True)


def health(request):
    """For the load balancer: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request):
    """handler500. A database that is away (or went away mid-request) is a
    503 with Retry-After, not a 500: the next request reconnects by itself.
    Neither page touches the database."""
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        logger.warning("database unavailable: %s", type(exception).__name__)
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": "Tijdelijk niet beschikbaar."}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
    elif request.path.startswith("/api/"):
        response = JsonResponse({"detail": "Er ging iets mis."}, status=500)
    else:
        response = HttpResponse(render_to_string("500.html"), status=500)
    response["Cache-Control"] = "no-store"
    return response
