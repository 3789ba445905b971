"""What the search needs to know of the database."""

from django.contrib.postgres.search import (
    SearchVector,
)
from django.db import connection


def is_postgres():
    return connection.vendor == "postgresql"


def _vector():
    return (
        SearchVector("title", weight="A", config="dutch")
        + SearchVector("summary", "names", weight="B", config="dutch")
        + SearchVector("body_text", weight="C", config="dutch")
    )
