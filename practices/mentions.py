"""What the practices tell a municipality's page beyond the practices linked
to it (``portal.core.registry.register_mentions``): the published practices
it took over, from approved adoptions ("wij hebben dit overgenomen")."""

from django.conf import settings
from django.utils.translation import gettext as _

from portal.core.translations import field_in
from practices.models import Adoption


def adoptions_by(municipality):
    adoptions = (
        Adoption.objects.public()
        .filter(municipality=municipality)
        .select_related("practice")
        .order_by("practice__title", "id")
    )
    heading = _("Praktijkvoorbeelden die deze gemeente overnam")
    rows = []
    for adoption in adoptions:
        source, source_language = field_in(adoption.practice, "title")
        rows.append(
            {
                # The note as the municipality wrote it (Dutch), else our word.
                "text": adoption.note or _("Overgenomen."),
                "language": settings.LANGUAGE_CODE if adoption.note else "",
                "url": adoption.practice.get_absolute_url(),
                "source": source,
                "source_language": source_language,
                "heading": heading,
            }
        )
    return rows
