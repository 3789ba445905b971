"""The editorial groups and what they may do, for use in data migrations.

Each content app calls ``grant_content_permissions`` from a migration of its
own, so ``portal`` never needs to know which apps exist.
"""

from collections.abc import Iterable

from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions

REDACTIE = "Redactie"
EINDREDACTIE = "Eindredactie"


def ensure_permissions(apps: Apps) -> None:
    """Create the permissions of all migrated models now (Django normally
    does that after the last migration, too late for a data migration)."""
    for app_config in apps.get_app_configs():
        previous = getattr(app_config, "models_module", None)
        # Any true value makes create_permissions() handle the app.
        app_config.models_module = previous or True  # type: ignore[assignment]
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous


def grant_content_permissions(
    apps: Apps, app_label: str, model_names: Iterable[str], *, deletable: Iterable[str] = ()
) -> None:
    """Redactie may add, change and view; Eindredactie also publishes.

    Deleting content is left to superusers: content is archived, not deleted.
    Parts edited inline (links, attachments) are ``deletable`` by both groups.
    """
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    redactie, _ = Group.objects.get_or_create(name=REDACTIE)
    eindredactie, _ = Group.objects.get_or_create(name=EINDREDACTIE)
    for model in model_names:
        base = Permission.objects.filter(
            content_type__app_label=app_label,
            codename__in=[f"{a}_{model}" for a in ("add", "change", "view")],
        )
        redactie.permissions.add(*base)
        eindredactie.permissions.add(*base)
        eindredactie.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename=f"publish_{model}"
            )
        )
    for model in deletable:
        delete = Permission.objects.filter(
            content_type__app_label=app_label, codename=f"delete_{model}"
        )
        redactie.permissions.add(*delete)
        eindredactie.permissions.add(*delete)


def grant_view_permissions(apps: Apps, app_label: str, model_names: Iterable[str]) -> None:
    """Both groups may look up (e.g. in autocomplete) these models."""
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(
        content_type__app_label=app_label,
        codename__in=[f"view_{model}" for model in model_names],
    )
    for name in (REDACTIE, EINDREDACTIE):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*view)
