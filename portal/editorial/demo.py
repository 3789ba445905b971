"""Helpers for demo content: create an item once and publish it through the
workflow, like an editor and a chief editor would."""

from django.contrib.auth import get_user_model

from portal.core.models import Municipality, Status, Theme
from portal.editorial import workflow

DEMO_USERNAME = "demo-redactie"


def demo_actor():
    """A superuser without a password that owns the demo content."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={"is_staff": True, "is_superuser": True, "first_name": "Demo"},
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def municipalities(*names):
    """Look up municipalities by CBS name, alias or slug; fail loudly."""
    found = []
    for name in names:
        m = (
            Municipality.objects.filter(name=name).first()
            or Municipality.objects.filter(alias=name).first()
            or Municipality.objects.get(slug=name)
        )
        found.append(m)
    return found


def themes(*names):
    return [Theme.objects.get(name=name) for name in names]


def create_published(model, *, actor, slug, m2m=None, **fields):
    """Create ``model`` with ``slug`` unless it exists; publish it via the
    workflow. Returns (item, created)."""
    item = model.objects.filter(slug=slug).first()
    if item is not None:
        return item, False
    item = model(slug=slug, created_by=actor, updated_by=actor, **fields)
    item.full_clean()
    item.save()
    for name, values in (m2m or {}).items():
        getattr(item, name).set(values)
    item.include_concerned_municipalities()
    if item.status == Status.DRAFT:
        workflow.submit(item, actor=actor)
        workflow.publish(item, actor=actor)
    return item, True
