"""Staff can act without scrolling and read Dutch (issue 17, point 7): the
save and workflow buttons also sit in a bar at the top of the change form;
no English is left on the admin pages staff use (django-otp's device pages,
Django's own strings its nl catalogue lacks); messages built from a model's
name need no de/het ("De reisverslag" was wrong); slugs are made from the
title, readable and unique, and stay as they are once published."""

import re

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags

from meetings.models import Network
from portal.core.models import Status
from portal.core.slugs import readable_slug, unique_slug
from practices.models import Practice
from tests.factories import PracticeFactory
from tests.portal.editorial.conftest import change_url, form_data

pytestmark = pytest.mark.django_db

ENGLISH = [
    "Select an option",
    "Are you sure",
    "Deleting the",
    "Filter by",
    "Identity",
    "Timestamps",
    "Configuration",
    "Throttling",
    "Created at",
    "Last used",
    "Is this device ready",
    "hex-encoded",
    "The user that this device",
    "Logout",
    "Forgotten your",
    "was added successfully",
    "was changed successfully",
]
# Het-words among our models: an article or adjective built for de-words is wrong.
HET = "reisverslag|netwerk|actieplan|praktijkvoorbeeld|thema|zoeksynoniem"
WRONG_ARTICLE = re.compile(rf"\b(?:[Dd]e|[Dd]eze|[Gg]eselecteerde|[Gg]ekozen) (?:{HET})(?![\w'’&])")


def admin_pages(superuser_pk):
    """Changelist, add, change, history and delete page of every model."""
    for model in admin.site._registry:
        opts = model._meta
        item = model._default_manager.first()
        for view in ("changelist", "add", "change", "history", "delete"):
            args = [] if view in ("changelist", "add") else [item.pk] if item else None
            if args is None:
                continue
            try:
                yield reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
            except NoReverseMatch:
                continue


def test_every_admin_page_is_dutch(client, superuser, demo):
    client.force_login(superuser)
    found = {}
    for url in ["/admin/", *admin_pages(superuser.pk)]:
        response = client.get(url, headers={"accept-language": "en"})
        if response.status_code != 200:
            continue
        html = response.content.decode()
        english = [word for word in ENGLISH if word in html]
        wrong = WRONG_ARTICLE.findall(html)
        if english or wrong:
            found[url] = english + wrong
    assert not found, found


def test_select_placeholder_is_dutch(client, superuser, demo):
    client.force_login(superuser)
    html = client.get("/admin/practices/practice/?all=").content.decode()
    html += client.get(reverse("admin:meetings_meeting_add")).content.decode()
    assert "Select an option" not in html
    assert "Maak een keuze" in html or "---------" in html


def test_otp_device_admin_is_dutch(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("admin:otp_totp_totpdevice_add")).content.decode()
    for dutch in ["Medewerker en app", "Instellingen", "Geheime sleutel", "Aantal cijfers"]:
        assert dutch in html
    html = client.get(reverse("admin:otp_totp_totpdevice_changelist")).content.decode()
    assert "Laatst gebruikt" in html and "In gebruik" in html


def test_saved_message_needs_no_article(client, eindredacteur):
    item = PracticeFactory(title="Taalcafé voor ouders")
    client.force_login(eindredacteur)
    response = client.post(change_url(item), form_data(item, summary="Nieuw."), follow=True)
    messages = [strip_tags(str(m)) for m in response.context["messages"]]
    assert messages == ["“Taalcafé voor ouders” (praktijkvoorbeeld) is gewijzigd."]


def test_change_form_has_the_actions_at_the_top(client, redacteur):
    item = PracticeFactory()
    client.force_login(redacteur)
    html = client.get(change_url(item)).content.decode()
    bar = html.index('class="sticky-actions"')
    fieldsets = html.index("<fieldset")
    assert bar < fieldsets  # before the form's fields
    assert 'name="_save"' in html[bar:fieldsets]
    assert 'form="workflow-submit"' in html[bar:fieldsets]
    assert "Ter beoordeling aanbieden" in html[bar:fieldsets]
    assert 'id="workflow-submit"' in html[fieldsets:]  # the form that button submits
    assert html.count('name="_save"') == 2  # and still at the bottom


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Nantes, 4–6 november 2015: slotbijeenkomst", "nantes-4-6-november-2015-slotbijeenkomst"),
        ("4–6 november", "4-6-november"),
        ("Ouders & school: 2012/2013", "ouders-school-2012-2013"),
        ("Gijón en Göteborg", "gijon-en-goteborg"),
        ("—", "item"),
    ],
)
def test_readable_slug_keeps_words_and_numbers_apart(title, slug):
    assert readable_slug(title) == slug


def test_readable_slug_is_cut_between_words():
    slug = readable_slug("ouderbetrokkenheid " * 20, max_length=50)
    assert slug == "-".join(["ouderbetrokkenheid"] * 2)


def test_unique_slug_counts_on():
    Network.objects.create(name="a", slug="urbact-prevent", kind="urbact")
    Network.objects.create(name="b", slug="urbact-prevent-2", kind="urbact")
    assert unique_slug(Network, "URBACT – PREVENT") == "urbact-prevent-3"


def test_admin_makes_the_slug_from_the_title_when_left_empty(client, eindredacteur):
    PracticeFactory(slug="nantes-4-6-november")
    item = PracticeFactory(title="Nantes, 4–6 november")
    client.force_login(eindredacteur)
    client.post(change_url(item), form_data(item, slug=""))
    item.refresh_from_db()
    assert item.slug == "nantes-4-6-november-2"


def test_published_slug_stays_unchanged_on_edit(client, eindredacteur):
    item = PracticeFactory(status=Status.PUBLISHED, slug="taalcafe")
    client.force_login(eindredacteur)
    html = client.get(change_url(item)).content.decode()
    assert 'name="slug"' not in html
    client.post(change_url(item), form_data(item, title="Een nieuwe titel", slug="iets-anders"))
    item = Practice.objects.get(pk=item.pk)
    assert (item.title, item.slug) == ("Een nieuwe titel", "taalcafe")


def test_slug_is_not_filled_in_by_the_browser(client, redacteur):
    client.force_login(redacteur)
    html = client.get(reverse("admin:practices_practice_add")).content.decode()
    assert "prepopulated-fields" in html  # Django's script is there (for other fields)
    assert "&quot;#id_slug&quot;" not in html
