"""``manage.py db_worker``: django-tasks-db's worker, plus the heartbeat.

The same command and options as django-tasks-db's (``--batch``,
``--interval``, ``--max-tasks`` ...; ``portal`` comes first in INSTALLED_APPS,
so this one is found first). Before it starts, the worker records a heartbeat
and makes sure the heartbeat task is queued (``portal.ops.tasks``), so
``worker_heartbeat_age()`` tells whether a worker runs.
"""

from typing import Any

from django_tasks_db.management.commands import db_worker

from portal.ops import tasks


class Command(db_worker.Command):
    help = "Voert achtergrondtaken uit de database uit (met hartslag)."

    def handle(self, *args: Any, **options: Any) -> None:
        tasks.beat(options["worker_id"])
        tasks.start_heartbeat()
        super().handle(*args, **options)
