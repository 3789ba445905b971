from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from portal import registry
from portal.models import Municipality, Province


def visible_to(user, model):
    """Published items for everyone; staff who may change the model also see
    drafts (shown as a preview)."""
    opts = model._meta
    if (
        user.is_authenticated
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    ):
        return model.objects.all()
    return model.objects.published()


def page_or_last(paginator, number):
    """A page for any input: non-numbers give page 1, too high the last."""
    try:
        return paginator.page(number or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def home(request):
    sections = []
    for kind in registry.kinds():
        items = list(kind.published().prefetch_related(*kind.prefetch)[:4])
        if items:
            sections.append({"kind": kind, "items": items})
    counts = registry.municipality_counts()
    practice_kind = next((k for k in registry.kinds() if k.key == "practices"), None)
    return render(
        request,
        "portal/home.html",
        {
            "sections": sections,
            "practice_count": practice_kind.published().count() if practice_kind else 0,
            "municipality_count": len(counts),
        },
    )


def municipality_list(request):
    query = request.GET.get("q", "").strip()[:100]
    counts = registry.municipality_counts()
    municipalities = Municipality.objects.filter(
        Q(country="NL", ended_on__isnull=True) | Q(pk__in=list(counts))
    )
    if query:
        municipalities = municipalities.filter(Q(name__icontains=query) | Q(alias__icontains=query))
    rows = [{"municipality": m, "count": counts.get(m.pk, 0)} for m in municipalities]
    by_letter, by_province, abroad = {}, {}, []
    for row in rows:
        m = row["municipality"]
        letter = (m.alias or m.name).lstrip("'").upper()[:1]
        by_letter.setdefault(letter, []).append(row)
        if m.is_dutch:
            by_province.setdefault(m.get_province_display(), []).append(row)
        else:
            abroad.append(row)
    for group in by_letter.values():
        group.sort(
            key=lambda r: (r["municipality"].alias or r["municipality"].name).lstrip("'").lower()
        )
    province_order = [label for _value, label in Province.choices]
    return render(
        request,
        "portal/municipality_list.html",
        {
            "query": query,
            "letters": sorted(by_letter.items()),
            "provinces": [(p, by_province[p]) for p in sorted(province_order) if p in by_province],
            "abroad": abroad,
            "total": len(rows),
            "with_content": sum(1 for row in rows if row["count"]),
        },
    )


def municipality_detail(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    sections = []
    for kind in registry.kinds():
        queryset = kind.for_municipality(municipality)
        items = list(queryset[:25])
        if items:
            count = len(items) if len(items) < 25 else queryset.count()
            sections.append(
                {
                    "kind": kind,
                    "items": items,
                    "count": count,
                    "more_url": kind.list_url(municipality),
                }
            )
    return render(
        request,
        "portal/municipality_detail.html",
        {"municipality": municipality, "sections": sections},
    )


def page(request, template):
    return render(request, f"portal/{template}.html")
