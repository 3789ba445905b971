"""The practice list's filters, with a count per option (facets).

Filters on related lists (municipality, theme, phase, target group) are
``EXISTS`` sub-queries, so a practice never appears twice and no ``DISTINCT``
over whole rows is needed. The counts for one filter are computed with every
*other* active filter applied, so each number says how many practices ticking
that option would give: one grouped query per filter, a fixed number.
"""

import django_filters
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from portal.core.models import Municipality, Province, Theme
from practices.models import EducationPhase, Practice, TargetGroup

SORTS = {
    "nieuw": (_("Nieuwste eerst"), ["-publish_at", "-id"]),
    "az": (_("Titel A–Z"), ["title", "id"]),
}

MunicipalityLink = Practice.municipalities.through
ThemeLink = Practice.themes.through
PhaseLink = Practice.phases.through
GroupLink = Practice.target_groups.through

# filter name -> (link table, lookup on the link table for the chosen value(s))
RELATED = {
    "gemeente": (MunicipalityLink, "municipality"),
    "provincie": (MunicipalityLink, "municipality__province"),
    "thema": (ThemeLink, "theme__in"),
    "fase": (PhaseLink, "educationphase__in"),
    "doelgroep": (GroupLink, "targetgroup__in"),
}

# facet -> (link table or None for the practice itself, field to group on)
FACETS = {
    "gemeente": (MunicipalityLink, "municipality__slug"),
    "provincie": (MunicipalityLink, "municipality__province"),
    "thema": (ThemeLink, "theme__slug"),
    "fase": (PhaseLink, "educationphase__slug"),
    "doelgroep": (GroupLink, "targetgroup__slug"),
    "jaar": (None, "start_year"),
}


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Zoekwoorden"))
    gemeente = django_filters.ModelChoiceFilter(
        method="filter_related",
        to_field_name="slug",
        queryset=Municipality.objects.all(),
        label=_("Gemeente"),
    )
    provincie = django_filters.ChoiceFilter(
        method="filter_related", choices=Province.choices, label=_("Provincie")
    )
    thema = django_filters.ModelMultipleChoiceFilter(
        method="filter_related",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        label=_("Thema"),
    )
    fase = django_filters.ModelMultipleChoiceFilter(
        method="filter_related",
        to_field_name="slug",
        queryset=EducationPhase.objects.all(),
        label=_("Onderwijsfase"),
    )
    doelgroep = django_filters.ModelMultipleChoiceFilter(
        method="filter_related",
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

    def filter_related(self, queryset, name, value: str):  # "str": the slug a client sends
        if value in (None, "", []) or (hasattr(value, "exists") and not value):
            return queryset
        link, lookup = RELATED[name]
        return queryset.filter(
            Exists(link.objects.filter(practice=OuterRef("pk"), **{lookup: value}))
        )

    def filter_text(self, queryset, name, value):
        for word in value.split()[:10]:
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
        queryset = self.queryset.order_by(*SORTS["nieuw"][1])
        for name, value in self.form.cleaned_data.items():
            if name not in exclude:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = self.filtered()
        return self._qs

    def facet_counts(self):
        """{facet: {value: count}}: for each facet, all *other* active filters
        applied, grouped on the facet's field. One query per facet."""
        counts = {}
        for facet, (link, field) in FACETS.items():
            practices = self.filtered(exclude={facet, "sortering"}).order_by()
            if link is None:
                rows = practices.exclude(**{f"{field}__isnull": True}).values(field)
                rows = rows.annotate(n=Count("pk"))
            else:
                # A practice links once to a value, so only a province (many
                # municipalities) needs DISTINCT.
                rows = (
                    link.objects.filter(practice__in=practices.values("pk"))
                    .values(field)
                    .annotate(n=Count("practice_id", distinct=facet == "provincie"))
                )
            counts[facet] = {row[field]: row["n"] for row in rows.order_by()}
        return counts


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
    if not filterset.is_valid():  # every error was removed above; be safe anyway
        filterset = PracticeFilter({}, queryset=queryset)
    return filterset, invalid
