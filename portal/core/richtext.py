"""Rich text for staff: django-prose-editor with server-side nh3 sanitising.

The toolbar (``EXTENSIONS``) and the sanitiser's allow-list are derived from
one configuration, so what an editor can make is exactly what survives. The
field sanitises in ``pre_save`` too, so HTML that reaches the model without a
form (a script, the shell, an import) is cleaned all the same.

``html_to_text`` turns such HTML back into plain text for the search index,
keeping the boundaries between blocks as line breaks.
"""

import re
from html.parser import HTMLParser
from typing import Any

from django.db.models import Model
from django_prose_editor.fields import ProseEditorField, create_sanitizer

EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}

sanitize_html = create_sanitizer(EXTENSIONS)


class RichTextField(ProseEditorField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("extensions", EXTENSIONS)
        kwargs.setdefault("sanitize", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: Model, add: bool) -> str:
        value = getattr(model_instance, self.attname) or ""
        cleaned = sanitize_html(value)
        setattr(model_instance, self.attname, cleaned)
        return cleaned


# Elements that end a run of text: their start and end become a line break, so
# "<li>netwerken.</li><li>Kwartiermakers</li>" gives two words, not one token.
BLOCK_ELEMENTS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
# Elements whose content is never text a reader sees.
HIDDEN_ELEMENTS = frozenset({"script", "style", "template", "noscript", "head", "title"})


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
        elif tag in BLOCK_ELEMENTS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_ELEMENTS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCK_ELEMENTS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


_SPACES = re.compile(r"[^\S\n]+")


def html_to_text(html: str | None) -> str:
    """The text a reader sees in ``html``: tags removed, entities decoded,
    every block element (paragraph, list item, heading, table cell, ``<br>``…)
    a line break and inline elements (``<b>``, ``<a>``…) nothing, so words
    stay whole and separate. Runs of spaces become one space; no empty lines."""
    if not html:
        return ""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = _SPACES.sub(" ", "".join(parser.parts))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
