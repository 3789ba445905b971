"""Rich text for staff: django-prose-editor with server-side nh3 sanitising.

The toolbar (``EXTENSIONS``) and the sanitiser's allow-list are derived from
one configuration, so what an editor can make is exactly what survives. The
field sanitises in ``pre_save`` too, so HTML that reaches the model without a
form (a script, the shell, an import) is cleaned all the same.
"""

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
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", EXTENSIONS)
        kwargs.setdefault("sanitize", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname) or ""
        cleaned = sanitize_html(value)
        setattr(model_instance, self.attname, cleaned)
        return cleaned
