import pytest
from django.test import Client

from tests.factories import MemberProfileFactory, UserFactory


@pytest.fixture
def make_member(db):
    def make(email="an@denhaag.nl", *, name="An de Vries", pending=False, **kwargs):
        user = UserFactory(username=email.split("@")[0], email=email)
        MemberProfileFactory(user=user, display_name=name, pending=pending, **kwargs)
        return user

    return make


@pytest.fixture
def member(make_member):
    return make_member()


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def moderator_client(client, redacteur):
    """The ``client`` fixture is a StaffClient: logged in with the second factor."""
    client.force_login(redacteur)
    return client
