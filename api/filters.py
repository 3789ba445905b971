"""Filters of the API: the practice list is the page's own ``PracticeFilter``
with slugs taken as plain text, so an unknown municipality or theme simply
matches nothing (200, empty list), as any string is a valid slug in the
schema; a value of the wrong *type* (jaar=twee, an unknown province or sort
order) is a 400. The other lists filter like their pages (by municipality)
plus a few fields."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import QueryArrayWidget
from drf_spectacular.utils import extend_schema_field

from meetings.models import ActionPlan, Meeting, TravelReport
from portal.core.models import Municipality, Province
from practices.filters import RELATED, PracticeFilter


class SlugListField(forms.Field):
    widget = QueryArrayWidget

    def to_python(self, value):
        slugs = {part.strip() for v in value or [] for part in str(v).split(",")}
        return sorted(slug for slug in slugs if slug)[:20]


class StrictIntegerField(forms.IntegerField):
    """A parameter that is present must hold a whole number ("jaar=" is a 400)."""

    def to_python(self, value):
        if value == "":
            raise forms.ValidationError(_("Geef een geheel getal."), code="invalid")
        return super().to_python(value)


class StrictChoiceField(django_filters.fields.ChoiceField):
    """A parameter that is present must hold one of the choices."""

    def to_python(self, value):
        if value == "":
            raise forms.ValidationError(_("Kies een van de toegestane waarden."), code="invalid")
        return super().to_python(value)


class StrictChoiceFilter(django_filters.ChoiceFilter):
    field_class = StrictChoiceField


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class SlugsFilter(django_filters.Filter):
    """?thema=a&thema=b or ?thema=a,b: any of these slugs."""

    field_class = SlugListField


class IntegerFilter(django_filters.NumberFilter):
    field_class = StrictIntegerField


def by_slugs(queryset, owner, link, column, slugs):
    if not slugs:
        return queryset
    slugs = [slugs] if isinstance(slugs, str) else slugs
    return queryset.filter(
        Exists(link.objects.filter(**{owner: OuterRef("pk"), f"{column}__slug__in": slugs}))
    )


class ApiPracticeFilter(PracticeFilter):
    gemeente = django_filters.CharFilter(method="filter_slugs", label=_("Gemeente (slug)"))
    thema = SlugsFilter(method="filter_slugs", label=_("Thema's (slugs)"))
    fase = SlugsFilter(method="filter_slugs", label=_("Onderwijsfasen (slugs)"))
    doelgroep = SlugsFilter(method="filter_slugs", label=_("Doelgroepen (slugs)"))
    jaar = IntegerFilter(field_name="start_year", label=_("Startjaar"))
    provincie = StrictChoiceFilter(
        method="filter_related", choices=Province.choices, label=_("Provincie")
    )
    sortering = StrictChoiceFilter(
        method="sort",
        choices=PracticeFilter.base_filters["sortering"].extra["choices"],
        label=_("Sorteren"),
    )

    def filter_slugs(self, queryset, name, value: str):
        link, lookup = RELATED[name]
        return by_slugs(queryset, "practice", link, lookup.split("__")[0], value)


class MunicipalityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_name", label=_("Naam (deel van)"))
    provincie = StrictChoiceFilter(
        field_name="province", choices=Province.choices, label=_("Provincie")
    )
    land = django_filters.CharFilter(field_name="country", label=_("Land (ISO-code)"))

    class Meta:
        model = Municipality
        fields = []

    def filter_name(self, queryset, name, value):
        value = value.strip()[:100]
        return queryset.filter(Q(name__icontains=value) | Q(alias__icontains=value))


class ContentFilter(django_filters.FilterSet):
    """gemeente and thema (slugs) as on the pages, on the shared relations."""

    gemeente = django_filters.CharFilter(method="filter_linked", label=_("Gemeente (slug)"))
    thema = django_filters.CharFilter(method="filter_linked", label=_("Thema (slug)"))

    def filter_linked(self, queryset, name, value: str):
        relation = "municipalities" if name == "gemeente" else "themes"
        column = "municipality" if name == "gemeente" else "theme"
        link = getattr(self._meta.model, relation).through
        return by_slugs(queryset, self._meta.model._meta.model_name, link, column, value)


class MeetingFilter(ContentFilter):
    periode = StrictChoiceFilter(
        method="filter_period",
        choices=[("komend", _("Komend")), ("voorbij", _("Voorbij"))],
        label=_("Periode"),
    )
    netwerk = django_filters.CharFilter(field_name="network__slug", label=_("Netwerk (slug)"))

    class Meta:
        model = Meeting
        fields = []

    def filter_period(self, queryset, name, value):
        return queryset.upcoming() if value == "komend" else queryset.past()


class TravelReportFilter(ContentFilter):
    jaar = IntegerFilter(method="filter_year", label=_("Vertrekjaar"))

    class Meta:
        model = TravelReport
        fields = []

    def filter_year(self, queryset, name, value: int):
        if not 1 <= value <= 9999:  # no such date: nothing, not an error
            return queryset.none()
        return queryset.filter(departure_date__year=value)


class ActionPlanFilter(ContentFilter):
    netwerk = django_filters.CharFilter(field_name="network__slug", label=_("Netwerk (slug)"))

    class Meta:
        model = ActionPlan
        fields = []
