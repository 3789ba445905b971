from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from portal.core.cache import cached, content_version
from portal.core.models import Municipality, Province, Theme
from portal.core.pagination import CountedPaginator, page_or_last
from portal.ops import ratelimit
from portal.web.views import detail_or_preview, visible_to
from practices import intake
from practices.filters import SORTS, bind_filters
from practices.forms import SubmissionForm
from practices.models import EducationPhase, Practice, TargetGroup


def practice_list(request):
    filterset, invalid = bind_filters(request.GET, Practice.objects.published())
    data = filterset.data
    if invalid:
        messages.warning(
            request,
            _("Deze filterwaarden kennen we niet en zijn genegeerd: %(names)s.")
            % {"names": ", ".join(invalid)},
        )
    # Only the filters make the counts: other parameters (sort order, page,
    # anything unknown) share one cache entry.
    key = sorted(
        (k, sorted(data.getlist(k)))
        for k in data
        if k in filterset.filters and k not in ("pagina", "sortering")
    )
    total, facets = cached(
        "practice-list-v2",
        key,
        lambda: (filterset.qs.count(), build_facets(data, filterset.facet_counts())),
    )
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
            "cache_version": content_version(),
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
        more_context=lambda practice: {"related": practice.related_practices()},
    )


def querystring_without(data, *names):
    data = data.copy()
    for name in names:
        data.pop(name, None)
    return data.urlencode()


def _options(param, rows, counts, selected):
    """Filter options with counts: options with results, plus the selected."""
    options = []
    for value, label in rows:
        n = counts.get(value, 0)
        is_selected = str(value) in selected
        if n or is_selected:
            options.append({"value": value, "label": label, "count": n, "selected": is_selected})
    return options


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
        ("thema", _("Thema"), "checkbox", list(Theme.objects.values_list("slug", "name"))),
        (
            "fase",
            _("Onderwijsfase"),
            "checkbox",
            list(EducationPhase.objects.values_list("slug", "name")),
        ),
        (
            "doelgroep",
            _("Doelgroep"),
            "checkbox",
            list(TargetGroup.objects.values_list("slug", "name")),
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
                chosen.append({"label": option["label"], "remove": "?" + remaining.urlencode()})
        facets.append(
            {
                "param": param,
                "label": label,
                "widget": widget,
                "options": options,
                "selected": chosen,
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
            submission, created = intake.receive(form=form)
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
