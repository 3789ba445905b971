from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Praktijkvoorbeelden")

    def ready(self):
        from portal.core.registry import (
            ContentKind,
            register,
            register_demo,
            register_page,
            register_queue,
        )
        from practices.demo import load_demo
        from practices.filters import PracticeFilter
        from practices.models import Practice, PracticeAttachment, Submission
        from practices.queue import queue_sections

        register(
            ContentKind(
                key="practices",
                model=Practice,
                label=_("Praktijkvoorbeelden"),
                list_url_name="practices:list",
                order=10,
                prefetch=("municipalities",),
                search_extra=practice_search_extra,
                search_prefetch=("municipalities", "themes", "phases"),
                headline=True,
                backup_parts=(PracticeAttachment, Submission),
                query_parameters=tuple(PracticeFilter.base_filters) + ("pagina",),
            )
        )
        register_page("submissions:form")
        register_demo(load_demo, order=10)
        register_queue(queue_sections)

        from portal.files.media import register_folder
        from practices.downloads import may_download_attachment, may_download_submission_file

        register_folder("praktijkvoorbeelden", may_download_attachment)
        register_folder("inzendingen", may_download_submission_file)


def practice_search_extra(practice):
    text = " ".join([practice.outreach, practice.partners])
    facets = [("fase", p.slug, p.name) for p in practice.phases.all()]
    if practice.start_year:
        facets.append(("jaar", str(practice.start_year), str(practice.start_year)))
    return text, facets
