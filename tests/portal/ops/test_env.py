"""Reading the environment (portal.ops.env)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.ops import env


def test_env_list_refuses_empty_items(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.nl,,b.nl")
    with pytest.raises(ImproperlyConfigured):
        env.env_list("ALLOWED_HOSTS")


def test_env_int_checks_minimum(monkeypatch):
    monkeypatch.setenv("PAGINATE_BY", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env.env_int("PAGINATE_BY", 20, minimum=1)
    monkeypatch.setenv("PAGINATE_BY", "twintig")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env.env_int("PAGINATE_BY", 20)
