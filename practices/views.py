from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from portal.core import translations
from portal.core.models import Municipality, Province, SizeClass, Theme
from portal.core.pagination import CountedPaginator, page_or_last
from portal.ops import ratelimit
from portal.ops.counts import counted
from portal.web.feeds import list_feed
from portal.web.views import detail_or_preview, visible_to
from practices import intake
from practices.filters import ADOPTED, LIST_COUNTS, SORTS, bind_filters, count_parts
from practices.forms import AdoptionForm, SubmissionForm
from practices.models import (
    COST_DEFINITIONS,
    Adoption,
    CostBand,
    EducationPhase,
    Evidence,
    Practice,
    TargetGroup,
)

# How many practices the comparison shows side by side.
COMPARE_MAX = 3
# The language of texts that exist only in Dutch (issue 21).
DUTCH = settings.LANGUAGE_CODE


def practice_list(request):
    filterset, invalid = bind_filters(request.GET, Practice.objects.published())
    data = filterset.data
    if invalid:
        messages.warning(
            request,
            _("Deze filterwaarden kennen we niet en zijn genegeerd: %(names)s.")
            % {"names": ", ".join(invalid)},
        )
    # The numbers may be those from before the latest edit for a moment
    # (portal.ops.counts); the rows below are always read live.
    numbers = counted(
        LIST_COUNTS,
        count_parts(filterset),
        lambda: (filterset.qs.count(), filterset.facet_counts()),
    )
    total, counts = numbers.value
    facets = build_facets(data, counts)
    paginator = CountedPaginator(filterset.qs.with_cards(), settings.PAGINATE_BY, count=total)
    page = page_or_last(paginator, request.GET.get("pagina"))
    return render(
        request,
        "practices/practice_list.html",
        {
            "filterset": filterset,
            "page": page,
            "facets": facets,
            "active": [f for f in facets if f["selected"]],
            "query": data.get("q", "").strip(),
            "sort": data.get("sortering") or "nieuw",
            "sorts": [(key, label) for key, (label, _o) in SORTS.items()],
            "querystring": querystring_without(data, "pagina"),
            "remove_query": "?" + querystring_without(data, "q", "pagina"),
            "counts_stamp": numbers.stamp,
            "feed": list_feed(Practice, data),
            "compare_max": COMPARE_MAX,
        },
    )


def practice_detail(request, slug):
    return detail_or_preview(
        request,
        visible_to(request.user, Practice).prefetch_related(
            "municipalities", "themes", "phases", "target_groups", "links", "attachments"
        ),
        slug,
        "practices/practice_detail.html",
        "practice",
        more_context=lambda practice: {
            "related": practice.related_practices(),
            "adoptions": adoptions_of(practice),
        },
    )


def adoptions_of(practice):
    """The approved adoptions of a published practice, for its page."""
    if not practice.is_public:
        return []
    return list(
        Adoption.objects.public()
        .filter(practice=practice)
        .select_related("municipality")
        .order_by("municipality__name")
    )


def compare_choices(data):
    """The slugs chosen for comparison (``?p=``), in order, without repeats
    or empty values."""
    slugs = []
    for value in data.getlist("p"):
        value = value.strip()[:200]
        if value and value not in slugs:
            slugs.append(value)
    return slugs


def practice_compare(request):
    """Up to three published practices side by side, field by field, at a
    shareable address (``?p=slug&p=slug``). More than three: a message and
    the choice kept in a form to narrow it down, nothing lost."""
    slugs = compare_choices(request.GET)
    found = {
        p.slug: p
        for p in Practice.objects.published()
        .filter(slug__in=slugs[:50])
        .prefetch_related("municipalities", "themes", "phases", "target_groups")
    }
    chosen = [found[slug] for slug in slugs if slug in found]
    missing = [slug for slug in slugs if slug not in found]
    too_many = len(chosen) > COMPARE_MAX
    adopted_by = {}
    if chosen and not too_many:
        for adoption in (
            Adoption.objects.public()
            .filter(practice__in=chosen)
            .select_related("municipality")
            .order_by("municipality__name")
        ):
            adopted_by.setdefault(adoption.practice_id, []).append(adoption.municipality)
    rows = [] if too_many else compare_rows(chosen, adopted_by)
    return render(
        request,
        "practices/practice_compare.html",
        {
            "chosen": chosen,
            "missing": missing,
            "too_many": too_many,
            "maximum": COMPARE_MAX,
            "rows": rows,
        },
    )


def _names(items):
    """Names (of municipalities): one part in no particular language."""
    return _plain(", ".join(getattr(i, "alias", "") or i.name for i in items))


def _plain(text):
    """A text in the page's language or in none (a name, a label)."""
    return [(text, "")] if text else []


def _dutch(*texts):
    """Texts that exist only in Dutch (names of phases, partners, a database)."""
    return [(text, DUTCH) for text in texts if text]


def _in_page_language(*pairs):
    """(text, language) pairs from ``translations.field_in``, the empty left out."""
    return [(text, language) for text, language in pairs if text]


def compare_rows(practices, adopted_by):
    """The comparison table: one row per field, one cell per practice; a
    cell's ``parts`` are (text, language) pairs ("" for a name or a label),
    none where a practice does not say (shown as "niet bekend")."""

    def text(name):
        return lambda p: _in_page_language(translations.field_in(p, name))

    fields = [
        (_("Gemeente(n)"), lambda p: _names(p.municipalities.all())),
        (
            _("Thema's"),
            lambda p: _in_page_language(
                *(translations.field_in(t, "name") for t in p.themes.all())
            ),
        ),
        (_("Onderwijsfase"), lambda p: _dutch(*(t.name for t in p.phases.all()))),
        (_("Doelgroep"), lambda p: _dutch(*(t.name for t in p.target_groups.all()))),
        (_("Looptijd"), lambda p: _plain(str(p.event_period()))),
        (
            _("Onderbouwing"),
            lambda p: _plain(p.get_evidence_level_display() if p.evidence_level else ""),
        ),
        (_("Erkend door"), lambda p: _dutch(p.evidence_source)),
        (_("Kosten"), lambda p: _plain(p.cost_label)),
        (_("Toelichting op de kosten"), text("cost_note")),
        (_("Tijdsinvestering"), text("time_investment")),
        (
            _("Structureel of eenmalig"),
            lambda p: _plain(p.get_continuity_display() if p.continuity else ""),
        ),
        (_("Resultaten"), text("results")),
        (_("Wat heb je nodig"), text("requirements")),
        (_("Hoe ouders worden bereikt"), text("outreach")),
        (_("Partners"), lambda p: _dutch(", ".join(p.partner_list))),
        (_("Overgenomen door"), lambda p: _names(adopted_by.get(p.pk, []))),
    ]
    return [
        {"label": label, "cells": [_cell(p, parts(p)) for p in practices]}
        for label, parts in fields
    ]


def _cell(practice, parts):
    """One cell: its parts, and their text as one string (``value``)."""
    return {"practice": practice, "parts": parts, "value": ", ".join(text for text, _l in parts)}


@never_cache
def adoption_form(request, slug):
    """ "Wij hebben dit overgenomen": the public form on a published practice."""
    practice = get_object_or_404(Practice.objects.published(), slug=slug)
    status = 200
    if request.method == "POST":
        form = AdoptionForm(request.POST, practice=practice)
        if form.is_bot():
            return redirect("practices:adoption_thanks", slug=practice.slug)
        if form.is_stale():
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Het formulier stond te lang open, daarom hebben we het niet verstuurd. "
                    "Wat u typte staat hieronder nog: controleer het en verstuur het opnieuw."
                ),
            )
            form.renew_token()
            status = 400
        elif not form.is_valid():
            status = 400
        elif ratelimit.count(request) > settings.SUBMISSION_RATE_LIMIT:
            form.add_error(
                None,
                _(
                    "U hebt het afgelopen uur al meerdere meldingen ingestuurd. "
                    "Probeer het over een uur opnieuw; wat u typte staat hieronder nog."
                ),
            )
            status = 429
        else:
            _adoption, created = intake.receive_adoption(
                form=form, language=translations.active_language()
            )
            if not created:
                ratelimit.uncount(request)
            return redirect("practices:adoption_thanks", slug=practice.slug)
    else:
        form = AdoptionForm(practice=practice)
    return render(
        request,
        "practices/adoption_form.html",
        {"form": form, "practice": practice},
        status=status,
    )


@never_cache
def adoption_thanks(request, slug):
    practice = get_object_or_404(Practice.objects.published(), slug=slug)
    return render(request, "practices/adoption_thanks.html", {"practice": practice})


def querystring_without(data, *names):
    data = data.copy()
    for name in names:
        data.pop(name, None)
    return data.urlencode()


def _options(param, rows, counts, selected):
    """Filter options with counts: options with results, plus the selected.
    A row is (value, label) or (value, label, the label's language)."""
    options = []
    for value, label, *language in rows:
        n = counts.get(value, 0)
        is_selected = str(value) in selected
        if n or is_selected:
            options.append(
                {
                    "value": value,
                    "label": label,
                    "language": language[0] if language else "",
                    "count": n,
                    "selected": is_selected,
                }
            )
    return options


FACET_HELP = {
    "onderbouwing": gettext_lazy(
        "Het niveau van erkenning (Erkenningscommissie Interventies, bijvoorbeeld in de "
        "databank van het NJi). Voorbeelden waarvan de onderbouwing niet bekend is, vallen "
        "weg als u hier iets kiest."
    ),
    "kosten": gettext_lazy(
        "Het bedrag geldt per school per jaar, per gemeente per jaar, per gezin of eenmalig: "
        "dat staat bij elk voorbeeld."
    ),
    "grootte": gettext_lazy(
        "Naar het aantal inwoners volgens het CBS. Van veel gemeenten is de grootte nog "
        "niet ingevuld; hun voorbeelden vallen weg als u hier iets kiest."
    ),
    "overgenomen": gettext_lazy(
        "Voorbeelden waarvan een andere gemeente meldde dat zij het overnam."
    ),
}


def build_facets(data, counts):
    """What the template shows for each filter: options, counts, which are
    chosen, and for each chosen value the link that removes it."""
    municipality_rows = Municipality.objects.filter(
        slug__in=list(counts["gemeente"]) + data.getlist("gemeente")
    ).values_list("slug", "name", "alias")
    specs = [
        (
            "gemeente",
            _("Gemeente"),
            "select",
            [(slug, alias or name) for slug, name, alias in municipality_rows],
        ),
        ("provincie", _("Provincie"), "select", list(Province.choices)),
        (
            "thema",
            _("Thema"),
            "checkbox",
            [(t.slug, *translations.field_in(t, "name")) for t in Theme.objects.all()],
        ),
        (
            "fase",
            _("Onderwijsfase"),
            "checkbox",
            [
                (slug, name, DUTCH)
                for slug, name in EducationPhase.objects.values_list("slug", "name")
            ],
        ),
        (
            "doelgroep",
            _("Doelgroep"),
            "checkbox",
            [(slug, name, DUTCH) for slug, name in TargetGroup.objects.values_list("slug", "name")],
        ),
        ("onderbouwing", _("Onderbouwing"), "checkbox", list(Evidence.choices)),
        (
            "kosten",
            _("Kosten"),
            "checkbox",
            [
                (
                    value,
                    f"{label} ({COST_DEFINITIONS[value]})" if value in COST_DEFINITIONS else label,
                )
                for value, label in CostBand.choices
            ],
        ),
        ("grootte", _("Grootte van de gemeente"), "checkbox", list(SizeClass.choices)),
        (
            "overgenomen",
            _("Overgenomen"),
            "checkbox",
            [(ADOPTED, _("Overgenomen door andere gemeenten"))],
        ),
        (
            "jaar",
            _("Startjaar"),
            "select",
            [(year, str(year)) for year in sorted(counts["jaar"], reverse=True)],
        ),
    ]
    facets = []
    for param, label, widget, rows in specs:
        selected = data.getlist(param)
        if widget == "select":
            rows = sorted(rows, key=lambda row: str(row[1]).lower().lstrip("'"))
            if param == "jaar":
                rows = sorted(rows, reverse=True)
        options = _options(param, rows, counts[param], selected)
        chosen = []
        for option in options:
            if option["selected"]:
                remaining = data.copy()
                remaining.setlist(param, [v for v in selected if v != str(option["value"])])
                remaining.pop("pagina", None)
                chosen.append(
                    {
                        "label": option["label"],
                        "language": option["language"],
                        "remove": "?" + remaining.urlencode(),
                    }
                )
        facets.append(
            {
                "param": param,
                "label": label,
                "widget": widget,
                "options": options,
                "selected": chosen,
                "help": FACET_HELP.get(param, ""),
            }
        )
    return facets


@never_cache
def submission_form(request):
    status = 200
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES)
        if form.is_bot():
            # Silently refused: a bot learns nothing, nothing is stored.
            return redirect("submissions:thanks")
        if form.is_stale():
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Het formulier stond te lang open, daarom hebben we het niet verstuurd. "
                    "Wat u typte staat hieronder nog: controleer het en verstuur het opnieuw."
                ),
            )
            form.renew_token()
            status = 400
        elif not form.is_valid():
            status = 400
        elif ratelimit.count(request) > settings.SUBMISSION_RATE_LIMIT:
            # Counted and checked in one step, so parallel posts cannot pass together.
            form.add_error(
                None,
                _(
                    "U hebt het afgelopen uur al meerdere ervaringen ingestuurd. "
                    "Probeer het over een uur opnieuw; wat u typte staat hieronder nog."
                ),
            )
            status = 429
        else:
            submission, created = intake.receive(form=form, language=translations.active_language())
            if created:
                request.session["submission_reference"] = submission.reference
                return redirect("submissions:thanks")
            ratelimit.uncount(request)  # nothing new was stored
            if request.session.get("submission_reference") == submission.reference:
                # The same browser sent the same form twice (double click).
                return redirect("submissions:thanks")
            # The token was used before, by someone else: nothing new is stored.
            form.add_error(
                None,
                _(
                    "Dit formulier is al verstuurd; we hebben het niet nog een keer opgeslagen. "
                    "Wilt u deze ervaring toch (nog eens) delen? Controleer wat hieronder staat "
                    "en verstuur het opnieuw."
                ),
            )
            form.renew_token()
            status = 400
    else:
        form = SubmissionForm()
    return render(request, "practices/submission_form.html", {"form": form}, status=status)


@never_cache
def submission_thanks(request):
    reference = request.session.get("submission_reference")
    return render(request, "practices/submission_thanks.html", {"reference": reference})
