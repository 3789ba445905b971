"""The editorial groups and their permissions (portal.editorial.roles)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.editorial.roles import EINDREDACTIE, REDACTIE
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_editorial_groups_have_their_permissions():
    redactie = set(Group.objects.get(name=REDACTIE).permissions.values_list("codename", flat=True))
    eind = set(Group.objects.get(name=EINDREDACTIE).permissions.values_list("codename", flat=True))
    assert {"add_practice", "change_practice", "view_practice"} <= redactie
    assert "publish_practice" not in redactie
    assert "delete_practice" not in redactie | eind
    assert {"publish_practice", "change_practice"} <= eind
    assert {"view_municipality", "view_theme"} <= redactie


def test_only_superusers_may_delete_content(client, eindredacteur, superuser):
    item = PracticeFactory(published=True)
    client.force_login(eindredacteur)
    url = reverse("admin:practices_practice_delete", args=[item.pk])
    assert client.get(url).status_code == 403
    client.force_login(superuser)
    assert client.get(url).status_code == 200
