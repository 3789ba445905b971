from django.apps import AppConfig
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def dates_label(start, end):
    """A period in natural Dutch, for the search results: "8 april 2025",
    "8–9 april 2025", "8 april – 2 mei 2025", "30 december 2024 – 2 januari
    2025"; "" without a start."""
    if not start:
        return ""
    if not end or end == start:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date_format(end, 'j F Y')}"
    first = date_format(start, "j F" if start.year == end.year else "j F Y")
    return f"{first} – {date_format(end, 'j F Y')}"


def years_label(start, end):
    """A span of years: "2013–2015", "2013", "sinds 2013" (no end yet); ""
    without a start."""
    if not start:
        return ""
    if not end:
        return gettext("sinds %(year)s") % {"year": start}
    return f"{start}–{end}" if end != start else str(start)


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Netwerken en bijeenkomsten")

    def ready(self):
        from meetings import search
        from meetings.models import ActionPlan, Meeting, MeetingAttachment, Network, TravelReport
        from portal.core.registry import ContentKind, register

        common = {"prefetch": ("municipalities",)}
        register(
            ContentKind(
                key="meetings",
                model=Meeting,
                label=_("Bijeenkomsten"),
                list_url_name="meetings:meeting_list",
                order=20,
                search_extra=search.meeting,
                event_label=lambda meeting: dates_label(meeting.start_date, meeting.end_date),
                search_prefetch=("municipalities", "themes"),
                upcoming=lambda published: published.upcoming(),
                backup_parts=(MeetingAttachment,),
                **common,
            )
        )
        register(
            ContentKind(
                key="reports",
                model=TravelReport,
                label=_("Reisverslagen"),
                list_url_name="meetings:report_list",
                order=30,
                search_extra=search.report,
                event_label=lambda report: dates_label(report.departure_date, report.return_date),
                search_prefetch=("municipalities", "themes"),
                **common,
            )
        )
        register(
            ContentKind(
                key="plans",
                model=ActionPlan,
                label=_("Actieplannen"),
                list_url_name="meetings:plan_list",
                order=40,
                search_extra=search.plan,
                event_label=lambda plan: years_label(plan.start_year, plan.end_year),
                search_prefetch=("municipalities", "themes", "actions"),
                **common,
            )
        )
        register(
            ContentKind(
                key="networks",
                model=Network,
                label=_("Netwerken"),
                list_url_name="meetings:network_list",
                order=50,
                search_extra=search.network,
                event_label=lambda network: years_label(network.start_year, network.end_year),
                search_prefetch=("municipalities",),
                in_feeds=False,  # reference data, not news
                **common,
            )
        )

        from meetings.downloads import may_download_attachment
        from portal.files.media import register_folder

        register_folder("bijeenkomsten", may_download_attachment)
