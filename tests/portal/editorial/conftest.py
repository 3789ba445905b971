"""Helpers for the editorial tests that post the practice change form."""

from django.urls import reverse


def change_url(item):
    return reverse("admin:practices_practice_change", args=[item.pk])


def form_data(item, **changes):
    data = {
        "title": item.title,
        "slug": item.slug,
        "summary": item.summary,
        "body": item.body,
        "municipalities": [m.pk for m in item.municipalities.all()],
        "attachments-TOTAL_FORMS": 0,
        "attachments-INITIAL_FORMS": 0,
        "links-TOTAL_FORMS": 0,
        "links-INITIAL_FORMS": 0,
        "loaded_version": item.version,
    }
    data.update(changes)
    return data
