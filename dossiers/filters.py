"""The organisation directory's filters (theme, region, kind), each with a
count per option: how many organisations choosing that option would give,
with the other active filters applied. One choice per filter; a value we do
not know is ignored and named to the visitor, never an error page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from dossiers.models import Organisation, Region
from portal.core.models import Theme
from portal.core.translations import field_in


@dataclass
class OrganisationFilter:
    """``OrganisationFilter(request.GET)``: ``qs``, ``facets`` and ``invalid``."""

    data: object
    base_filters = ("thema", "regio", "soort")
    invalid: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        get = getattr(self.data, "get", lambda _name, default="": default)
        self.theme = self._pick(get("thema", ""), Theme.objects.all(), _("Thema"))
        self.region = self._pick(get("regio", ""), Region.objects.published(), _("Regio"))
        kind = str(get("soort", "")).strip()
        self.kind = kind if kind in Organisation.Kind.values else ""
        if kind and not self.kind:
            self.invalid.append(str(_("Soort")))

    def _pick(self, value, queryset, label):
        value = str(value).strip()
        if not value:
            return None
        found = queryset.filter(slug=value).first()
        if found is None:
            self.invalid.append(str(label))
        return found

    def filtered(self, *, exclude: str = "") -> QuerySet:
        queryset = Organisation.objects.published()
        if self.theme and exclude != "thema":
            queryset = queryset.filter(themes=self.theme)
        if self.region and exclude != "regio":
            queryset = queryset.filter(regions=self.region)
        if self.kind and exclude != "soort":
            queryset = queryset.filter(kind=self.kind)
        return queryset

    @property
    def qs(self) -> QuerySet:
        return (
            self.filtered()
            .prefetch_related("themes", "regions", "municipalities")
            .order_by("title", "id")
        )

    def facets(self) -> list[dict]:
        """[{name, label, options: [{value, label, language, count, selected}]}];
        options without organisations are left out unless chosen."""
        themes = self._counts("thema", "themes__slug")
        regions = self._counts("regio", "regions__slug")
        kinds = self._counts("soort", "kind")
        # (value, label, the label's language: "" for our own words, count, chosen)
        theme_options = [
            (t.slug, *field_in(t, "name"), themes.get(t.slug, 0), self.theme == t)
            for t in Theme.objects.all()
        ]
        region_options = [
            (r.slug, *field_in(r, "title"), regions.get(r.slug, 0), self.region == r)
            for r in Region.objects.published().order_by("title")
        ]
        kind_options = [
            (value, label, "", kinds.get(value, 0), self.kind == value)
            for value, label in Organisation.Kind.choices
        ]
        return [
            self._facet("soort", _("Soort organisatie"), kind_options),
            self._facet("thema", _("Thema"), theme_options),
            self._facet("regio", _("Regio"), region_options),
        ]

    def _counts(self, name: str, field_name: str) -> dict[str, int]:
        rows = (
            self.filtered(exclude=name)
            .exclude(**{f"{field_name}__isnull": True})
            .values(field_name)
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        return {row[field_name]: row["n"] for row in rows}

    @staticmethod
    def _facet(name, label, options) -> dict:
        return {
            "name": name,
            "label": label,
            "options": [
                {
                    "value": value,
                    "label": text,
                    "language": language,
                    "count": count,
                    "selected": selected,
                }
                for value, text, language, count, selected in options
                if count or selected
            ],
        }
