"""The alerts app: its task chain is kept alive by the worker's heartbeat."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    label = "alerts"
    verbose_name = _("Volgen")

    def ready(self):
        from django.tasks.signals import task_finished

        from alerts import tasks
        from portal.core import registry

        # Whenever the heartbeat has run, the digest task must be waiting.
        task_finished.connect(tasks.keep_scheduled, dispatch_uid="alerts-keep-scheduled")
        registry.register_page("alerts:subscribe")
