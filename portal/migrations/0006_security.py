"""Issue 14: one account per normalised user name, and rate-limit counters
that a flood cannot evict.

* Existing user names are stored in their normalised form
  (``portal.core.identity.normalise_username``); two accounts whose names become
  equal stop the migration with a clear message (rename one of them first).
* ``portal_rate_counter`` holds the counters of ``portal.ops.ratelimit``: its own
  table, outside every cache, written with one atomic upsert. It is plain SQL
  that runs on PostgreSQL and SQLite alike and has no model: only
  ``portal.ops.ratelimit`` reads and writes it.
"""

from django.conf import settings
from django.db import migrations


def normalise_usernames(apps, schema_editor):
    from portal.core.identity import normalise_username

    app_label, model_name = settings.AUTH_USER_MODEL.split(".")
    User = apps.get_model(app_label, model_name)
    field = User._meta.get_field("username")
    by_name = {}
    for pk, name in User._default_manager.values_list("pk", "username"):
        by_name.setdefault(normalise_username(name), []).append((pk, name))
    clashes = [names for names in by_name.values() if len(names) > 1]
    if clashes:
        listed = "; ".join(" = ".join(repr(name) for _pk, name in names) for names in clashes)
        raise RuntimeError(
            "Deze gebruikersnamen zijn na normalisatie (hoofdletters, schrijfwijzen) gelijk en "
            f"horen bij verschillende accounts: {listed}. Geef één van elk paar een andere "
            "naam en voer de migratie opnieuw uit."
        )
    too_long = [name for name in by_name if len(name) > field.max_length]
    if too_long:
        raise RuntimeError(
            f"Deze gebruikersnamen worden na normalisatie te lang: {too_long!r}. "
            "Geef ze een kortere naam en voer de migratie opnieuw uit."
        )
    for normalised, ((pk, name),) in by_name.items():
        if normalised != name:
            User._default_manager.filter(pk=pk).update(username=normalised)


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_search_facet_text")]

    operations = [
        migrations.RunPython(normalise_usernames, migrations.RunPython.noop),
        migrations.RunSQL(
            [
                "CREATE TABLE portal_rate_counter ("
                " bucket varchar(100) NOT NULL PRIMARY KEY,"
                " hits integer NOT NULL,"
                " expires_at bigint NOT NULL)",
                "CREATE INDEX portal_rate_counter_expires_at ON portal_rate_counter (expires_at)",
            ],
            ["DROP TABLE portal_rate_counter"],
        ),
    ]
