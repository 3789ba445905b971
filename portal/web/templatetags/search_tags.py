"""The search page's filter checkboxes. Up to 90 options per page, each with
nine values: as a template loop that was the slowest part of rendering the
page, so they are built here with format_html_join (everything escaped).
A label that is not in the page's language (a Dutch theme name on an
English page) carries its ``lang``."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def facet_checkboxes(facet):
    return format_html_join(
        "",
        '<div class="checkbox"><input type="checkbox" id="f-{0}-{1}" name="{0}" value="{2}"{3}>'
        ' <label for="f-{0}-{1}"{6}>{4} <span class="count">({5})</span></label></div>',
        (
            (
                facet["param"],
                number,
                option["value"],
                " checked" if option["selected"] else "",
                option["label"],
                option["n"],
                format_html(' lang="{}"', option["lang"]) if option.get("lang") else "",
            )
            for number, option in enumerate(facet["options"], start=1)
        ),
    )
