"""An S3-compatible object store for tests: moto's server on loopback.

``s3_server`` (session) starts ``moto.server.ThreadedMotoServer`` on
127.0.0.1 with a free port: a real HTTP endpoint, so other processes (a
second app node) share the same store. When moto cannot be imported or
started the tests that need it are skipped loudly, and fail with CI=true.

``s3_media`` (per test) creates a fresh bucket and points the media storage
(``STORAGES["default"]``) at it; the ``settings`` fixture sends
``setting_changed``, on which Django drops its cached storages, so
``default_storage`` and every FileField use the bucket during the test.
"""

import logging
import os
import uuid
from dataclasses import dataclass

import boto3
import pytest

ACCESS_KEY = "testing-access-key"
SECRET_KEY = "testing-secret-key"
REGION = "us-east-1"


@dataclass
class S3:
    endpoint_url: str
    bucket: str
    client: object

    def names(self):
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return sorted(obj["Key"] for page in pages for obj in page.get("Contents", ()))

    def read(self, key):
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def empty(self):
        for key in self.names():
            self.client.delete_object(Bucket=self.bucket, Key=key)

    def environment(self):
        """The variables that point another process (a second app node) at this bucket."""
        return {
            "MEDIA_STORAGE": "s3",
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_BUCKET": self.bucket,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "S3_REGION": REGION,
        }

    def storage_options(self):
        return {
            "endpoint_url": self.endpoint_url,
            "bucket_name": self.bucket,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "region_name": REGION,
        }


def _unavailable(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, but the S3 tests cannot run: {reason}")
    pytest.skip(f"SKIPPED: needs moto[server] (requirements-dev.txt): {reason}")


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of a moto S3 server on loopback."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:
        _unavailable(f"moto not importable ({error})")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    try:
        server.start()
        host, port = server.get_host_and_port()
    except Exception as error:  # noqa: BLE001  # whatever stops it, say so
        _unavailable(f"moto server did not start ({type(error).__name__}: {error})")
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_media(s3_server, settings):
    """A fresh private bucket as the media storage for one test."""
    bucket = f"media-{uuid.uuid4().hex[:16]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )
    client.create_bucket(Bucket=bucket)
    store = S3(endpoint_url=s3_server, bucket=bucket, client=client)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "portal.files.storage.PrivateS3Storage",
            "OPTIONS": store.storage_options(),
        },
    }
    return store
