"""Serving uploaded files through Django, with access control.

Every upload folder is registered by the app that owns it, with a function
that says whether a user may download a stored name. Public attachments of
published items are downloadable by everyone; drafts and submissions only by
staff with the right permission. Non-images are sent as attachments, never
rendered inline, and always with nosniff.

The file is read through the storage (``default_storage.open``), never by a
path on disk, so the same view streams from the local disk or from the
private S3 bucket (``MEDIA_STORAGE=s3``): there is no second way to a file
that could skip the check or the headers."""

import mimetypes
import posixpath

from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from portal.files.uploads import IMAGE_EXTENSIONS, extension_of

_folders = {}


def register_folder(folder, may_download):
    """``may_download(user, name) -> bool`` for files stored under ``folder``."""
    _folders[folder] = may_download


def _stored_name(path):
    """``path`` when it is a plain ``folder/.../file`` name; None for
    anything else (``..``, ``.``, empty parts, backslashes)."""
    parts = path.split("/")
    if len(parts) < 2 or any(part in {"", ".", ".."} or "\\" in part for part in parts):
        return None
    return path


def serve(request, path):
    name = _stored_name(path)
    checker = _folders.get(path.split("/", 1)[0])
    if name is None or checker is None or not checker(request.user, name):
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (OSError, SuspiciousOperation):  # not there (FileNotFoundError), a folder
        raise Http404 from None
    filename = posixpath.basename(name)
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=extension_of(filename) not in IMAGE_EXTENSIONS,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
