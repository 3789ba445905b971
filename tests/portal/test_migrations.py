"""The migrations of every app match the models."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_no_pending_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
