"""``{% public_organisations item as organisations %}``: the published
organisations involved in a practice or meeting (the reverse relation
``organisations``), so the pages of those apps never show a draft
organisation and never import this app."""

from django import template

from dossiers.models import Organisation

register = template.Library()


@register.simple_tag
def public_organisations(item):
    if item is None or getattr(item, "pk", None) is None:
        return Organisation.objects.none()
    related = getattr(item, "organisations", None)
    if related is None:
        return Organisation.objects.none()
    return related.published().order_by("title", "id")
