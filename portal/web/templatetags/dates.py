"""When an item happened, for the templates: ``{% when item %}`` gives its
event period (``portal.core.dates``) as ``<time>`` in natural Dutch, or
nothing when the date is unknown."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def when(item):
    """The event period of ``item`` (anything with ``event_period()``, or a
    ``Period``) as ``<time datetime="…">8–11 april 2015</time>``; "" when
    unknown."""
    period = item.event_period() if hasattr(item, "event_period") else item
    label = period.label() if period else ""
    if not label:
        return ""
    return format_html('<time datetime="{}">{}</time>', period.iso(), label)
