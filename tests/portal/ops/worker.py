"""The real task queue in a test: the database backend and one batch run of
the worker (``manage.py db_worker --batch``). The test must be transactional
(``django_db(transaction=True)``): the worker commits. ``bench/scale.py``
runs the same worker beside its searches."""

import io
import signal

from django.core.management import call_command

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)


def run_worker():
    """Run every task that is due, then stop. The worker installs its own
    signal handlers; the test run gets its own back."""
    saved = {number: signal.getsignal(number) for number in SIGNALS}
    try:
        call_command(
            "db_worker",
            batch=True,
            startup_delay=False,
            reload=False,
            interval=0.0,
            worker_id="testworker",
            stdout=io.StringIO(),
        )
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
