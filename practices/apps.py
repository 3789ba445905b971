from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Praktijkvoorbeelden")

    def ready(self):
        from portal.core.registry import (
            ContentKind,
            register,
            register_mentions,
            register_page,
            register_queue,
        )
        from portal.ops.counts import register as register_counts
        from practices.filters import LIST_COUNTS, PracticeFilter, list_counts
        from practices.mentions import adoptions_by
        from practices.models import (
            Adoption,
            Practice,
            PracticeAttachment,
            Submission,
            SubmissionLog,
        )
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
                search_prefetch=(
                    "municipalities",
                    "themes",
                    "phases",
                    "target_groups",
                    "attachments",
                    "links",
                ),
                headline=True,
                backup_parts=(PracticeAttachment, Submission, SubmissionLog, Adoption),
                # "p": the practices chosen on the comparison page.
                query_parameters=tuple(PracticeFilter.base_filters) + ("pagina", "p"),
            )
        )
        register_counts(LIST_COUNTS, list_counts)  # the list's numbers, for the worker
        register_page("submissions:form")
        register_queue(queue_sections)
        register_mentions(adoptions_by)

        from portal.files.media import register_folder
        from practices.downloads import may_download_attachment, may_download_submission_file

        register_folder("praktijkvoorbeelden", may_download_attachment)
        register_folder("inzendingen", may_download_submission_file)
