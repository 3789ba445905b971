"""The practice models: periods, related practices, attachments and the
review-by date set on publishing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.core.models import Status
from portal.editorial import workflow
from practices.models import Practice, PracticeAttachment
from tests.factories import PracticeFactory, municipality

pytestmark = pytest.mark.django_db


def test_practice_model_refuses_end_before_start():
    from django.core.exceptions import ValidationError

    practice = Practice(title="x", slug="x", summary="s", start_year=2020, end_year=2018)
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert "Het eindjaar ligt vóór het startjaar." in str(error.value)


def test_related_practices_manual_first_then_same_theme(client, data):
    a, b, c = data["a"], data["b"], data["c"]
    assert {p.pk for p in a.related_practices()} == {b.pk}  # same theme vve
    a.related.set([c])
    assert [p.pk for p in a.related_practices()] == [c.pk]
    a.related.set([data["draft"]])  # a draft is never shown as related
    assert data["draft"].pk not in {p.pk for p in a.related_practices()}


def test_related_practices_merge_theme_and_place_newest_first_once_each():
    """Same theme or same municipality (one query each): the newest
    ``limit`` of both together, each practice once, no draft, not itself."""
    from portal.core.models import Theme

    theme, other_theme = Theme.objects.all()[:2]
    place, elsewhere = municipality("GM0363"), municipality("GM0344")
    now = timezone.now()

    def made(hours, themes, places, **kwargs):
        return PracticeFactory(
            published=True,
            publish_at=now - datetime.timedelta(hours=hours),
            themes=themes,
            municipalities=places,
            **kwargs,
        )

    item = made(0, [theme], [place])
    by_theme = made(3, [theme], [elsewhere])
    by_place = made(1, [other_theme], [place])
    by_both = made(2, [theme], [place])
    oldest = made(5, [theme], [elsewhere])
    made(4, [other_theme], [elsewhere])  # shares nothing
    PracticeFactory(themes=[theme], municipalities=[place])  # a draft
    assert item.related_practices() == [by_place, by_both, by_theme, oldest]
    assert item.related_practices(limit=2) == [by_place, by_both]


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


def test_image_attachment_needs_alt_text():
    practice = PracticeFactory()
    attachment = PracticeAttachment(
        practice=practice, title="Foto", file=SimpleUploadedFile("foto.png", PNG)
    )
    with pytest.raises(ValidationError, match="tekstalternatief"):
        attachment.full_clean()


def test_publishing_sets_review_by_date_and_overdue_items_show(
    client, redacteur, eindredacteur, settings
):
    item = PracticeFactory(status=Status.REVIEW)
    workflow.publish(item, actor=eindredacteur)
    item.refresh_from_db()
    today = timezone.localdate()
    assert item.reviewed_on == today
    assert item.review_before == today + datetime.timedelta(days=settings.REVIEW_AFTER_DAYS)
    Practice.objects.filter(pk=item.pk).update(review_before=today - datetime.timedelta(days=1))
    html = client.get(item.get_absolute_url()).content.decode()
    assert "deze informatie is mogelijk verouderd" in html
    client.force_login(redacteur)
    queue = client.get(reverse("review_queue")).content.decode()
    assert "Te controleren (verlopen) (1)" in queue
