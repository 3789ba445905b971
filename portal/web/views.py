"""The shared pages (home, municipalities, search, review queue, health)
and the helpers the apps' views use."""

import logging
import sys

from django.conf import settings
from django.contrib import admin
from django.db import InterfaceError, OperationalError, connection
from django.db.models import Q, StringAgg, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext_lazy

from portal.core import registry
from portal.core.models import Municipality, Theme
from portal.editorial.queue import sections_for
from portal.ops.ready import readiness
from portal.search import stats
from portal.search.models import SearchFacet
from portal.search.query import FACETS, run_search
from portal.search.titles import suggest_titles
from portal.web import feeds, figures
from portal.web import language as languages

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
    upcoming = [
        item for kind in registry.upcoming_kinds() for item in kind.upcoming(kind.published())[:3]
    ][:3]
    practice_count, municipality_count = figures.home()
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
    numbers = figures.per_municipality()
    counts = numbers.value
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
            "counts_stamp": numbers.stamp,
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
        {
            "municipality": municipality,
            "sections": sections,
            "mentions": registry.mentions(municipality),
            "feed": feeds.feed_links(municipality=municipality),
        },
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
    "type": pgettext_lazy("zoekfilter", "Soort"),
    "gemeente": gettext_lazy("Gemeente"),
    "provincie": gettext_lazy("Provincie"),
    "thema": gettext_lazy("Thema"),
    "fase": gettext_lazy("Onderwijsfase"),
    "jaar": gettext_lazy("Jaar"),
}


def search(request):
    filters = {name: request.GET.getlist(name)[:20] for name in FACETS if request.GET.get(name)}
    outcome = run_search(request.GET.get("q", ""), filters, request.GET.get("pagina"))
    # A search is counted (paging on is no new search) on every request, also
    # when the page cache answers it (the mark below tells the cache to).
    counted = bool(outcome.query) and outcome.page.number == 1 and request.method == "GET"
    if counted:
        stats.record(outcome.query, zero_results=outcome.total == 0)
    params = request.GET.copy()
    params.pop("pagina", None)
    # Nothing found with filters: what each filter costs, from the same search
    # without it (one search per chosen facet, cached by run_search).
    relaxed = (
        {name: run_search(outcome.query, _without(filters, name), None) for name in filters}
        if outcome.total == 0 and not outcome.message
        else {}
    )
    facets = [_facet_group(name, outcome, filters, params, relaxed) for name in FACETS]
    suggestion_url = ""
    if outcome.suggestion:
        suggested = params.copy()
        suggested["q"] = outcome.suggestion
        suggestion_url = "?" + suggested.urlencode()
    all_kinds = None
    if "type" in relaxed:
        everything = params.copy()
        everything.pop("type", None)
        all_kinds = {"url": "?" + everything.urlencode(), **_found(relaxed["type"])}
    _describe_hits(outcome.page.object_list)
    if (language := translation.get_language()) != settings.LANGUAGE_CODE:
        for document in outcome.page.object_list:
            document.url = languages.path_in(document.url, language)
    response = render(
        request,
        "portal/search.html",
        {
            "outcome": outcome,
            "page": outcome.page,
            "facets": facets,
            "chosen_count": sum(len(facet["selected"]) for facet in facets),
            "has_options": any(facet["options"] for facet in facets),
            "querystring": params.urlencode(),
            "suggestion_url": suggestion_url,
            "all_kinds": all_kinds,
        },
    )
    if counted:
        response[stats.COUNTED_HEADER] = "1" if outcome.total == 0 else "0"
    return response


def _without(filters, name):
    return {other: values for other, values in filters.items() if other != name}


def _found(outcome):
    """How many results a search has, for a link that leads to it."""
    if outcome.capped:
        label = gettext("meer dan %(n)d resultaten") % {"n": outcome.total}
    else:
        n = outcome.total
        label = ngettext("%(n)d resultaat", "%(n)d resultaten", n) % {"n": n}
    return {"total": outcome.total, "found": label}


def _facet_group(name, outcome, filters, params, relaxed):
    """One facet of the filter form: its options (at most 15, and the chosen
    ones) and the chosen values, each with the address without it. With no
    results the options of a chosen facet come from the search without that
    facet (so their counts say what choosing another value gives), and every
    chosen value stays, with 0 if need be: the filters do not vanish."""
    chosen_values = filters.get(name, [])
    source = relaxed.get(name, outcome)
    all_options = [
        {**option, "selected": option["value"] in chosen_values}
        for option in source.facets.get(name, [])
    ]
    present = {option["value"] for option in all_options}
    missing = [value for value in chosen_values if value not in present]
    labels = _facet_labels(name, missing) if missing else {}
    all_options += [
        {"facet": name, "value": value, "label": labels.get(value, value), "n": 0, "selected": True}
        for value in missing
    ]
    _translate_labels(name, all_options)
    options = [o for i, o in enumerate(all_options) if i < 15 or o["selected"]]
    chosen = []
    for value in chosen_values:
        remaining = params.copy()
        remaining.setlist(name, [v for v in params.getlist(name) if v != value])
        option = next((o for o in all_options if o["value"] == value), {})
        row = {
            "value": value,
            "label": option.get("label", value),
            "lang": option.get("lang", ""),
            "remove": "?" + remaining.urlencode(),
        }
        # What removing it finds, when that is the search without the facet.
        if name in relaxed and len(chosen_values) == 1:
            row.update(_found(relaxed[name]))
        chosen.append(row)
    return {"param": name, "label": FACET_LABELS[name], "options": options, "selected": chosen}


def _translate_labels(name, options):
    """On a page in another language (English): the labels of the facet
    ``name``'s options in that language, where there is one: the content
    types' names, the themes' English names, the education phases' names
    under gettext. A label that stays Dutch gets ``lang`` "nl". Places and
    years are the same in every language. The index keeps the Dutch labels."""
    if translation.get_language() == settings.LANGUAGE_CODE or not options:
        return
    if name == "type":
        kinds = {kind.key: str(kind.label) for kind in registry.kinds()}
        for option in options:
            option["label"] = kinds.get(option["value"], option["label"])
    elif name == "thema":
        english = dict(
            Theme.objects.filter(slug__in=[option["value"] for option in options])
            .exclude(name_en="")
            .values_list("slug", "name_en")
        )
        for option in options:
            if option["value"] in english:
                option["label"] = english[option["value"]]
            else:
                option["lang"] = settings.LANGUAGE_CODE
    elif name == "fase":
        for option in options:
            translated = gettext(option["label"]) if option["label"] else ""
            if translated and translated != option["label"]:
                option["label"] = translated
            else:
                option["lang"] = settings.LANGUAGE_CODE


def _facet_labels(name, values):
    """{value: label} of filter values that no result has (one query)."""
    if name == "type":
        return {kind.key: str(kind.label) for kind in registry.kinds()}
    rows = SearchFacet.objects.filter(facet=name, value__in=values).values_list("value", "label")
    return dict(rows.order_by().distinct()[:100])


# Between the names of an item's municipalities in one aggregated string.
_NAME_SEPARATOR = "\x1f"
MAX_PLACES = 3


def _describe_hits(documents):
    """Give every hit of a result page what the card shows besides the
    index's own columns: the names of its municipalities (``places``) and
    when it happens (``event_label``: a meeting's dates, a practice's years;
    empty when unknown, never the publication date). One query per content
    type on the page, whatever the number of hits."""
    kinds = {kind.key: kind for kind in registry.kinds()}
    by_kind = {}
    for document in documents:
        document.places, document.more_places, document.event_label = [], 0, ""
        if document.kind in kinds:
            by_kind.setdefault(document.kind, []).append(document)
    for key, hits in by_kind.items():
        kind = kinds[key]
        items = kind.model._default_manager.filter(pk__in=[hit.object_id for hit in hits]).annotate(
            place_names=StringAgg(
                Coalesce(NullIf("municipalities__alias", Value("")), "municipalities__name"),
                delimiter=Value(_NAME_SEPARATOR),
            )
        )
        by_pk = {item.pk: item for item in items}
        for hit in hits:
            item = by_pk.get(hit.object_id)
            if item is None:
                continue
            names = sorted(set(filter(None, (item.place_names or "").split(_NAME_SEPARATOR))))
            hit.places, hit.more_places = names[:MAX_PLACES], max(0, len(names) - MAX_PLACES)
            hit.event_label = str(getattr(item, "event_label", "") or "")


MAX_SUGGEST_QUERY = 200


def search_suggestions(request):
    """Titles for the search box while typing (JSON): at most eight public
    documents with a title word starting with what is typed."""
    text = request.GET.get("q", "")
    if len(text) > MAX_SUGGEST_QUERY:
        return JsonResponse({"detail": gettext("De zoektekst is te lang.")}, status=400)
    results = suggest_titles(text)
    if (language := translation.get_language()) != settings.LANGUAGE_CODE:
        for result in results:
            result["url"] = languages.path_in(result["url"], language)
    response = JsonResponse({"query": text, "results": results})
    # The same for everyone: a browser may reuse it for a minute (backspace).
    patch_cache_control(response, public=True, max_age=60)
    return response


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


def ready(request):
    """For the load balancer and monitoring: 200 when this node can serve
    (database, cache, storage reachable), else 503; the report also says
    whether a background worker is alive (``portal.ops.ready``)."""
    is_ready, report = readiness()
    response = JsonResponse(report, status=200 if is_ready else 503)
    patch_cache_control(response, no_store=True)
    return response


def server_error(request):
    """handler500. A database that is away (or went away mid-request) is a
    503 with Retry-After, not a 500: the next request reconnects by itself.
    Neither page touches the database."""
    exception = sys.exc_info()[1]
    # In the request's language, also for an error outside the language
    # middleware (issue 21).
    with translation.override(languages.of_request(request)):
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.warning("database unavailable: %s", type(exception).__name__)
            if request.path.startswith("/api/"):
                response = JsonResponse(
                    {"detail": gettext("Tijdelijk niet beschikbaar.")}, status=503
                )
            else:
                response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = "30"
        elif request.path.startswith("/api/"):
            response = JsonResponse({"detail": gettext("Er ging iets mis.")}, status=500)
        else:
            response = HttpResponse(render_to_string("500.html"), status=500)
        response["Content-Language"] = translation.get_language()
    response["Cache-Control"] = "no-store"
    return response


def switch_language(request, language):
    """The language switch: remember the visitor's choice (the cookie that
    decides where ``/`` leads) and show the same page in that language."""
    if language not in languages.codes():
        raise Http404
    target = languages.path_in(languages.safe_next(request, request.GET.get("next")), language)
    response = redirect(target)
    add_never_cache_headers(response)
    return languages.remember(response, language)
