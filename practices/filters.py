"""The practice list's filters, with a count per option (facets).

Filters on related lists (municipality, theme, phase, target group) are
``EXISTS`` sub-queries, so a practice never appears twice and no ``DISTINCT``
over whole rows is needed. The counts for one filter are computed with every
*other* active filter applied, so each number says how many practices ticking
that option would give: one grouped query per filter, a fixed number.

Issue 19 adds what a civil servant weighs first: onderbouwing (the Dutch
recognition scale), kosten (a band), the size class of the municipality
(klein < 20.000 inwoners, middelgroot 20.000–100.000, groot > 100.000; kept
on ``Municipality.size_class``) and "overgenomen door andere gemeenten" (an
approved ``Adoption``), and sorting by onderbouwing or kosten. An empty value
means "niet bekend": it is never an option and sorts last.
"""

import django_filters
from django.db.models import Count, Exists, OuterRef, Q
from django.forms import MultipleChoiceField
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from portal.core.models import Municipality, Province, SizeClass, Theme
from portal.editorial.models import EVENT_ORDER
from practices.models import (
    COST_RANK,
    EVIDENCE_RANK,
    Adoption,
    CostBand,
    EducationPhase,
    Evidence,
    Practice,
    TargetGroup,
    rank_order,
)

SORTS = {
    "nieuw": (_("Nieuwste eerst"), list(EVENT_ORDER)),
    "gepubliceerd": (_("Laatst gepubliceerd"), ["-publish_at", "-id"]),
    "az": (_("Titel A–Z"), ["title", "id"]),
    "onderbouwing": (
        _("Sterkste onderbouwing eerst"),
        [rank_order("evidence_level", EVIDENCE_RANK), *EVENT_ORDER],
    ),
    "kosten": (_("Laagste kosten eerst"), [rank_order("cost_band", COST_RANK), *EVENT_ORDER]),
}

# "Overgenomen door andere gemeenten": the one option of that filter.
ADOPTED = "ja"

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
    "grootte": (MunicipalityLink, "municipality__size_class__in"),
}

# facet -> (link table or None for the practice itself, field to group on)
FACETS = {
    "gemeente": (MunicipalityLink, "municipality__slug"),
    "provincie": (MunicipalityLink, "municipality__province"),
    "thema": (ThemeLink, "theme__slug"),
    "fase": (PhaseLink, "educationphase__slug"),
    "doelgroep": (GroupLink, "targetgroup__slug"),
    "onderbouwing": (None, "evidence_level"),
    "kosten": (None, "cost_band"),
    "grootte": (MunicipalityLink, "municipality__size_class"),
    "overgenomen": (Adoption, ADOPTED),
    "jaar": (None, "start_year"),
}

# Facets on a text field whose empty value means "niet bekend": no option.
EMPTY_UNKNOWN = {"onderbouwing", "kosten", "grootte"}
# Facets where one practice can count twice for a value (many municipalities).
DISTINCT = {"provincie", "grootte"}


def adopted(queryset):
    """The practices another municipality took over (an approved adoption)."""
    return queryset.filter(
        Exists(Adoption.objects.filter(practice=OuterRef("pk"), status=Adoption.Status.APPROVED))
    )


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
    onderbouwing = django_filters.MultipleChoiceFilter(
        field_name="evidence_level", choices=Evidence.choices, label=_("Onderbouwing")
    )
    kosten = django_filters.MultipleChoiceFilter(
        field_name="cost_band", choices=CostBand.choices, label=_("Kosten")
    )
    grootte = django_filters.MultipleChoiceFilter(
        method="filter_related", choices=SizeClass.choices, label=_("Grootte van de gemeente")
    )
    overgenomen = django_filters.ChoiceFilter(
        method="filter_adopted",
        choices=[(ADOPTED, _("Overgenomen door andere gemeenten"))],
        label=_("Overgenomen"),
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

    def filter_adopted(self, queryset, name, value):
        return adopted(queryset) if value == ADOPTED else queryset

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
            if link is Adoption:
                counts[facet] = {field: adopted(practices).count()}
                continue
            if link is None:
                rows = practices.exclude(**{f"{field}__isnull": True})
            else:
                rows = link.objects.filter(practice__in=practices.values("pk"))
            if facet in EMPTY_UNKNOWN:
                rows = rows.exclude(**{field: ""})
            # A practice links once to a value, so only a province or size
            # class (many municipalities) needs DISTINCT.
            rows = rows.values(field).annotate(
                n=Count("pk" if link is None else "practice_id", distinct=facet in DISTINCT)
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
        elif isinstance(field, MultipleChoiceField) and len(values) > 1:
            known = {str(value) for value, _label in field.choices}
            data.setlist(name, [v for v in values if v in known])
        else:
            data.pop(name, None)
    filterset = PracticeFilter(data, queryset=queryset)
    if not filterset.is_valid():  # every error was removed above; be safe anyway
        filterset = PracticeFilter({}, queryset=queryset)
    return filterset, invalid


# The practice list's numbers (total and facet counts) in portal.ops.counts.
LIST_COUNTS = "practice-list-v4"


def count_parts(filterset):
    """What the list's numbers depend on, as plain JSON: the valid filters,
    not the sort order or page (they share one entry)."""
    data = filterset.data
    return sorted(
        [name, sorted(data.getlist(name))]
        for name in data
        if name in filterset.filters and name not in ("pagina", "sortering")
    )


def list_counts(parts):
    """(total, facet counts) of the published practices for ``parts``
    (``count_parts``); what a worker runs to refresh them."""
    data = QueryDict(mutable=True)
    for name, values in parts:
        data.setlist(name, values)
    filterset, _invalid = bind_filters(data, Practice.objects.published())
    return filterset.qs.count(), filterset.facet_counts()
