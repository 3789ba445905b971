from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Netwerken en bijeenkomsten")

    def ready(self):
        from meetings.demo import load_demo
        from meetings.models import ActionPlan, Meeting, Network, TravelReport
        from portal.registry import ContentKind, register, register_demo

        for key, model, label, url, order in [
            ("meetings", Meeting, _("Bijeenkomsten"), "meetings:meeting_list", 20),
            ("reports", TravelReport, _("Reisverslagen"), "meetings:report_list", 30),
            ("plans", ActionPlan, _("Actieplannen"), "meetings:plan_list", 40),
            ("networks", Network, _("Netwerken"), "meetings:network_list", 50),
        ]:
            register(
                ContentKind(
                    key=key,
                    model=model,
                    label=label,
                    list_url_name=url,
                    order=order,
                    prefetch=("municipalities",),
                )
            )
        register_demo(load_demo, order=20)
