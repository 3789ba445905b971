"""The app's content types, registered with the shared pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    label = "dossiers"
    verbose_name = _("Thema's, organisaties en regio's")

    def ready(self):
        from dossiers import search
        from dossiers.downloads import may_download_file
        from dossiers.filters import OrganisationFilter
        from dossiers.models import (
            DossierEvidence,
            Organisation,
            PolicyDocument,
            PolicyDocumentFile,
            Region,
            ThemeDossier,
        )
        from portal.core.registry import ContentKind, register
        from portal.files.media import register_folder

        register(
            ContentKind(
                key="organisations",
                model=Organisation,
                label=_("Organisaties"),
                list_url_name="dossiers:organisation_list",
                order=60,
                prefetch=("municipalities",),
                search_extra=search.organisation,
                search_prefetch=("municipalities", "themes", "regions"),
                in_feeds=False,  # a directory, not news
                query_parameters=(*OrganisationFilter.base_filters, "pagina"),
            )
        )
        register(
            ContentKind(
                key="regions",
                model=Region,
                label=_("Regio's"),
                list_url_name="dossiers:region_list",
                order=70,
                prefetch=("municipalities",),
                search_extra=search.region,
                in_feeds=False,  # reference data, not news
            )
        )
        register(
            ContentKind(
                key="dossiers",
                model=ThemeDossier,
                label=_("Themadossiers"),
                list_url_name="dossiers:dossier_list",
                order=5,
                search_extra=search.dossier,
                search_prefetch=("municipalities", "themes", "evidence", "questions", "theme"),
                backup_parts=(DossierEvidence,),
            )
        )
        register(
            ContentKind(
                key="policydocs",
                model=PolicyDocument,
                label=_("Beleidsdocumenten"),
                list_url_name="dossiers:policy_list",
                order=45,
                prefetch=("municipalities",),
                search_extra=search.policy_document,
                search_prefetch=("municipalities", "themes", "files"),
                backup_parts=(PolicyDocumentFile,),
                query_parameters=("gemeente", "thema", "pagina"),
            )
        )
        register_folder("beleidsdocumenten", may_download_file)
