"""The practice list's filters, with a count per option (facets).

The counts for one filter are computed with every *other* active filter
applied, so each number says how many practices ticking that option would
give. One grouped query per filter: a fixed number, whatever the data.
"""

import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, Province, Theme
from practices.models import EducationPhase, Practice, TargetGroup

SORTS = {
    "nieuw": (_("Nieuwste eerst"), ["-publish_at", "-id"]),
    "az": (_("Titel A–Z"), ["title", "id"]),
}


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Zoekwoorden"))
    gemeente = django_filters.ModelChoiceFilter(
        field_name="municipalities",
        to_field_name="slug",
        queryset=Municipality.objects.all(),
        label=_("Gemeente"),
    )
    provincie = django_filters.ChoiceFilter(
        field_name="municipalities__province",
        choices=Province.choices,
        label=_("Provincie"),
    )
    thema = django_filters.ModelMultipleChoiceFilter(
        field_name="themes__slug",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        label=_("Thema"),
    )
    fase = django_filters.ModelMultipleChoiceFilter(
        field_name="phases__slug",
        to_field_name="slug",
        queryset=EducationPhase.objects.all(),
        label=_("Onderwijsfase"),
    )
    doelgroep = django_filters.ModelMultipleChoiceFilter(
        field_name="target_groups__slug",
        to_field_name="slug",
        queryset=TargetGroup.objects.all(),
        label=_("Doelgroep"),
    )
    jaar = django_filters.NumberFilter(field_name="start_year", label=_("Startjaar"))
    sortering = django_filters.ChoiceFilter(
        method="sort",
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
        empty_label=None,
        label=_("Sorteren"),
    )

    class Meta:
        model = Practice
        fields = []

    def filter_text(self, queryset, name, value):
        words = value.split()[:10]
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
            )
        return queryset

    def sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["nieuw"])[1])

    def filtered(self, *, exclude=()):
        """The queryset with every valid filter applied except ``exclude``.

        Uses the form's cleaned data, so the form is validated only once
        however many facet counts are computed from it."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name in exclude:
                continue
            queryset = self.filters[name].filter(queryset, value)
        if not self.form.cleaned_data.get("sortering") and "sortering" not in exclude:
            queryset = queryset.order_by(*SORTS["nieuw"][1])
        # M2M filters can repeat a row; keep each practice once.
        return queryset.distinct()

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = self.filtered()
        return self._qs

    def facet_counts(self):
        """{facet: {value: count}}: for each facet, all *other* active filters
        applied, grouped on the facet's field. One query per facet."""
        counts = {}
        for facet, field in FACETS.items():
            rows = (
                self.filtered(exclude={facet, "sortering"})
                .order_by()
                .values(field)
                .exclude(**{f"{field}__isnull": True})
                .annotate(n=Count("pk", distinct=True))
                .order_by()
            )
            counts[facet] = {row[field]: row["n"] for row in rows}
        return counts


# The parameters that are facets, with the field they group on.
FACETS = {
    "gemeente": "municipalities__slug",
    "provincie": "municipalities__province",
    "thema": "themes__slug",
    "fase": "phases__slug",
    "doelgroep": "target_groups__slug",
    "jaar": "start_year",
}


def bind_filters(data, queryset):
    """A valid ``PracticeFilter`` for any query string, and the labels of the
    parameters that were not (wholly) understood. Unknown values are dropped,
    the rest of the filter is kept; the view tells the user what was ignored."""
    data = data.copy()
    invalid = []
    filterset = PracticeFilter(data, queryset=queryset)
    if filterset.is_valid():
        return filterset, invalid
    for name in list(filterset.form.errors):
        if name not in filterset.form.fields:
            continue
        field = filterset.form.fields[name]
        invalid.append(str(field.label))
        values = data.getlist(name)
        choices = getattr(field, "queryset", None)
        if choices is not None and len(values) > 1:
            known = set(choices.filter(slug__in=values).values_list("slug", flat=True))
            data.setlist(name, [v for v in values if v in known])
        else:
            data.pop(name, None)
    filterset = PracticeFilter(data, queryset=queryset)
    if not filterset.is_valid():  # pragma: no cover - every error was removed above
        filterset = PracticeFilter({}, queryset=queryset)
    return filterset, invalid
