from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Praktijkvoorbeelden")

    def ready(self):
        from portal.core.registry import (
            ContentKind,
            register,
            register_page,
            register_queue,
        )
        from practices.filters import PracticeFilter
        from practices.models import Practice, PracticeAttachment, Submission, SubmissionLog
        from practices.queue import queue_sections
        from practices.search import practice as practice_search

        register(
            ContentKind(
                key="practices",
                model=Practice,
                label=_("Praktijkvoorbeelden"),
                list_url_name="practices:list",
                order=10,
                prefetch=("municipalities",),
                search_extra=practice_search,
                event_label=lambda practice: practice.period_label,
                search_prefetch=(
                    "municipalities",
                    "themes",
                    "phases",
                    "target_groups",
                    "attachments",
                    "links",
                ),
                headline=True,
                backup_parts=(PracticeAttachment, Submission, SubmissionLog),
                query_parameters=tuple(PracticeFilter.base_filters) + ("pagina",),
            )
        )
        register_page("submissions:form")
        register_queue(queue_sections)

        from portal.files.media import register_folder
        from practices.downloads import may_download_attachment, may_download_submission_file

        register_folder("praktijkvoorbeelden", may_download_attachment)
        register_folder("inzendingen", may_download_submission_file)
