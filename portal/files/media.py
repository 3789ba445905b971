"""Serving uploaded files through Django, with access control.

Every upload folder is registered by the app that owns it, with a function
that says whether a user may download a stored name. Public attachments of
published items are downloadable by everyone; drafts and submissions only by
staff with the right permission. Non-images are sent as attachments, never
rendered inline, and always with nosniff."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils._os import safe_join

from portal.files.uploads import IMAGE_EXTENSIONS, extension_of

_folders = {}


def register_folder(folder, may_download):
    """``may_download(user, name) -> bool`` for files stored under ``folder``."""
    _folders[folder] = may_download


def serve(request, path):
    folder = path.split("/", 1)[0]
    checker = _folders.get(folder)
    if checker is None or not checker(request.user, path):
        raise Http404
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except Exception:  # path traversal attempts end here
        raise Http404 from None
    if not full.is_file():
        raise Http404
    extension = extension_of(full.name)
    content_type = mimetypes.guess_type(full.name)[0] or "application/octet-stream"
    response = FileResponse(
        full.open("rb"),
        content_type=content_type,
        as_attachment=extension not in IMAGE_EXTENSIONS,
        filename=full.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
