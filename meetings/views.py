from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from meetings import ics
from meetings.models import ActionPlan, Meeting, Network, TravelReport
from portal.core.models import Municipality
from portal.core.pagination import page_or_last
from portal.web.feeds import list_feed
from portal.web.views import detail_or_preview, visible_to


def _municipality_filter(request, queryset):
    """``?gemeente=slug`` as on the practice list; unknown slugs give none."""
    slug = request.GET.get("gemeente", "").strip()
    municipality = Municipality.objects.filter(slug=slug).first() if slug else None
    if slug:
        queryset = queryset.filter(municipalities=municipality) if municipality else queryset.none()
    return queryset.distinct(), municipality


def _paginate(request, queryset):
    return page_or_last(Paginator(queryset, settings.PAGINATE_BY), request.GET.get("pagina"))


def _detail(request, model, slug, template, name, prefetch=()):
    queryset = visible_to(request.user, model).prefetch_related(*prefetch)
    if hasattr(queryset, "with_public_relations"):
        # Related content shows only when it is public, also in a preview.
        queryset = queryset.with_public_relations()
    return detail_or_preview(request, queryset, slug, template, name)


def network_list(request):
    networks = Network.objects.select_related("lead_municipality").prefetch_related(
        "municipalities"
    )
    return render(request, "meetings/network_list.html", {"networks": networks})


def network_detail(request, slug):
    network = get_object_or_404(
        Network.objects.select_related("lead_municipality").prefetch_related("municipalities"),
        slug=slug,
    )
    return render(
        request,
        "meetings/network_detail.html",
        {
            "network": network,
            "meetings": network.public_meetings,
            "plans": network.public_action_plans,
            "reports": network.public_travel_reports,
        },
    )


def meeting_list(request):
    meetings, municipality = _municipality_filter(
        request, Meeting.objects.published().select_related("network", "host_municipality")
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "upcoming": meetings.upcoming(),
            "past": _paginate(request, meetings.past()),
            "municipality": municipality,
            "feed": list_feed(Meeting, request.GET),
        },
    )


def meeting_detail(request, slug):
    return _detail(
        request,
        Meeting,
        slug,
        "meetings/meeting_detail.html",
        "meeting",
        prefetch=("municipalities", "themes", "attachments", "links", "points__municipality"),
    )


def _ics_response(text, filename):
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_ics(request, slug):
    """One public meeting as an iCalendar file; 404 when its day is unknown."""
    meeting = get_object_or_404(
        Meeting.objects.published().select_related("host_municipality"), slug=slug
    )
    if not ics.has_day(meeting):
        raise Http404
    return _ics_response(ics.calendar([meeting], name=meeting.title), f"{meeting.slug}.ics")


def meeting_calendar(request):
    """All upcoming public meetings whose day is known, as one iCalendar file."""
    meetings = Meeting.objects.published().upcoming().select_related("host_municipality")
    text = ics.calendar(meetings, name="Kennisportaal Ouderbetrokkenheid: bijeenkomsten")
    return _ics_response(text, "bijeenkomsten.ics")


def report_list(request):
    reports, municipality = _municipality_filter(
        request,
        TravelReport.objects.published()
        .select_related("destination", "author_municipality")
        .prefetch_related("municipalities"),
    )
    return render(
        request,
        "meetings/report_list.html",
        {
            "page": _paginate(request, reports),
            "municipality": municipality,
            "feed": list_feed(TravelReport, request.GET),
        },
    )


def report_detail(request, slug, print_version=False):
    template = "meetings/report_print.html" if print_version else "meetings/report_detail.html"
    return _detail(
        request,
        TravelReport,
        slug,
        template,
        "report",
        prefetch=("themes", "attachments", "links"),
    )


def plan_list(request):
    plans, municipality = _municipality_filter(
        request,
        ActionPlan.objects.published()
        .select_related("network", "municipality")
        .prefetch_related("municipalities"),
    )
    return render(
        request,
        "meetings/plan_list.html",
        {
            "page": _paginate(request, plans),
            "municipality": municipality,
            "feed": list_feed(ActionPlan, request.GET),
        },
    )


def plan_detail(request, slug):
    return _detail(
        request, ActionPlan, slug, "meetings/plan_detail.html", "plan", prefetch=("actions",)
    )
