"""What the practices tell a municipality's page beyond the practices linked
to it (``portal.core.registry.register_mentions``): the published practices
it took over, from approved adoptions ("wij hebben dit overgenomen")."""

from django.utils.translation import gettext as _

from practices.models import Adoption


def adoptions_by(municipality):
    adoptions = (
        Adoption.objects.public()
        .filter(municipality=municipality)
        .select_related("practice")
        .order_by("practice__title", "id")
    )
    heading = _("Praktijkvoorbeelden die deze gemeente overnam")
    return [
        {
            "text": adoption.note or _("Overgenomen."),
            "url": adoption.practice.get_absolute_url(),
            "source": adoption.practice.title,
            "heading": heading,
        }
        for adoption in adoptions
    ]
