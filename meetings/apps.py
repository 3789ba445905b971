from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Netwerken en bijeenkomsten")

    def ready(self):
        from meetings import search
        from meetings.models import (
            ActionPlan,
            Meeting,
            MeetingAttachment,
            Network,
            TravelReport,
            TravelReportAttachment,
        )
        from portal.core.registry import ContentKind, register, register_mentions

        common = {"prefetch": ("municipalities",)}
        register(
            ContentKind(
                key="meetings",
                model=Meeting,
                label=_("Bijeenkomsten"),
                list_url_name="meetings:meeting_list",
                order=20,
                search_extra=search.meeting,
                search_prefetch=("municipalities", "themes", "attachments", "links", "points"),
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
                backup_parts=(TravelReportAttachment,),
                search_prefetch=("municipalities", "themes", "attachments", "links"),
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
                search_prefetch=("municipalities",),
                in_feeds=False,  # reference data, not news
                **common,
            )
        )

        register_mentions(search.points_naming)

        from meetings.downloads import may_download_attachment, may_download_report_attachment
        from portal.files.media import register_folder

        register_folder("bijeenkomsten", may_download_attachment)
        register_folder("reisverslagen", may_download_report_attachment)
