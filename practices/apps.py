from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Praktijkvoorbeelden")

    def ready(self):
        from portal.registry import ContentKind, register, register_demo
        from practices.demo import load_demo
        from practices.models import Practice

        register(
            ContentKind(
                key="practices",
                model=Practice,
                label=_("Praktijkvoorbeelden"),
                list_url_name="practices:list",
                order=10,
                prefetch=("municipalities",),
            )
        )
        register_demo(load_demo, order=10)
