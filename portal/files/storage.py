"""Uploads in a private bucket of an S3-compatible object store.

``MEDIA_STORAGE=s3`` (see settings) stores uploads with ``PrivateS3Storage``
instead of on the local disk. The bucket stays private whatever the
deployment sets: objects are written without an ACL (a public ACL is
refused), and the storage never hands out a bucket address. ``url()`` gives
the app's own download view (``/media/<name>``), exactly as for files on disk,
so every download, public or draft, passes the view's access check
(``portal.files.media``) and is streamed from the bucket by the app.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend with private defaults: no ACL, signed
    requests only, no silent overwrites (like the disk: a taken name gets a
    suffix), path-style addresses (what most S3-compatible stores expect),
    and downloads spooled to a temporary file beyond 1 MB instead of held in
    memory."""

    def get_default_settings(self):
        defaults = super().get_default_settings()
        defaults.update(
            default_acl=None,
            querystring_auth=True,
            querystring_expire=60,
            file_overwrite=False,
            addressing_style="path",
            max_memory_size=1024 * 1024,
        )
        return defaults

    def __init__(self, **options):
        super().__init__(**options)
        if not self.bucket_name:
            raise ImproperlyConfigured("PrivateS3Storage needs a bucket_name (S3_BUCKET).")
        if self.default_acl or "ACL" in self.object_parameters or not self.querystring_auth:
            raise ImproperlyConfigured(
                "The media bucket is private: no default_acl, no ACL in object_parameters, "
                "querystring_auth stays on."
            )

    def url(self, name, parameters=None, expire=None, http_method=None):
        """The app's download view for ``name``, never the bucket's address."""
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))
