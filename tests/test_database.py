import pytest
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_suite_runs_on_postgresql():
    """CI must exercise PostgreSQL; this fails under CI=true on SQLite."""
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 150000
