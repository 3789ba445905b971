"""Choice widgets for rows whose name may have an English twin (a theme, a
region's title) or not (an education phase, a target group): on an English
page each option shows the English name where there is one, and says
``lang="nl"`` where only the Dutch name exists (issue 21). For a checkbox the
``lang`` sits on the input; ``includes/form_field.html`` puts it on its label."""

from typing import Any

from django import forms

from portal.core import translations


class TranslatedOptionsMixin:
    """Put it before a ``ChoiceWidget`` of a model choice field;
    ``label_field`` names the text shown (default ``name``)."""

    label_field = "name"

    def __init__(self, *args: Any, label_field: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label_field:
            self.label_field = label_field

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(  # type: ignore[misc]
            name, value, label, selected, index, subindex, attrs
        )
        instance = getattr(value, "instance", None)
        if instance is not None:
            text, shown = translations.field_in(instance, self.label_field)
            option["label"] = text
            if lang := translations.other_language(shown):
                option["attrs"] = {**option["attrs"], "lang": lang}
        return option


class TranslatedSelect(TranslatedOptionsMixin, forms.Select):
    pass


class TranslatedCheckboxes(TranslatedOptionsMixin, forms.CheckboxSelectMultiple):
    pass
