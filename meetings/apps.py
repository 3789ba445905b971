from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Netwerken en bijeenkomsten")

    def ready(self):
        from meetings import search
        from meetings.demo import load_demo
        from meetings.models import ActionPlan, Meeting, Network, TravelReport
        from portal.core.registry import ContentKind, register, register_demo

        for key, model, label, url, order, extra, prefetch in [
            ("meetings", Meeting, _("Bijeenkomsten"), "meetings:meeting_list", 20, search.meeting, ("municipalities", "themes")),
            ("reports", TravelReport, _("Reisverslagen"), "meetings:report_list", 30, search.report, ("municipalities", "themes")),
            ("plans", ActionPlan, _("Actieplannen"), "meetings:plan_list", 40, search.plan, ("municipalities", "themes", "actions")),
            ("networks", Network, _("Netwerken"), "meetings:network_list", 50, search.network, ("municipalities",)),
        ]:  # fmt: skip
            register(
                ContentKind(
                    key=key,
                    model=model,
                    label=label,
                    list_url_name=url,
                    order=order,
                    prefetch=("municipalities",),
                    search_extra=extra,
                    search_prefetch=prefetch,
                )
            )
        register_demo(load_demo, order=20)

        from meetings.downloads import may_download_attachment
        from portal.files.media import register_folder

        register_folder("bijeenkomsten", may_download_attachment)
