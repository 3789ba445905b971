"""What members write in the forum: Markdown, turned into the same sanitised
HTML as the editors' rich text (``portal.core.richtext.sanitize_html``: only
paragraphs, emphasis, lists, quotes, line breaks, headings 2–4 and http(s)/
mailto links survive; raw HTML in the text is cleaned away, never run)."""

import markdown
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from portal.core.richtext import sanitize_html

# How to write it, shown under every forum text field.
HELP = _(
    "Markdown mag: **vet**, *schuin*, lijstjes met - , links als [tekst](https://…); "
    "een lege regel begint een nieuwe alinea."
)


def render(text: str) -> SafeString:
    """``text`` (Markdown) as safe HTML."""
    html = markdown.markdown(text or "", extensions=["sane_lists", "nl2br"], output_format="html")
    return mark_safe(sanitize_html(html))  # noqa: S308 - nh3-sanitised just above
