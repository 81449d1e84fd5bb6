"""Uploads on an S3-compatible object storage (THIDUA_STORAGE=s3): a unit's document stored by the real service lands
in the bucket, not on the disk, and comes back byte for byte through the download view; the backup lists it.

The object storage is moto's S3 server on a loopback port; the storage settings are the ones settings.py builds from
the environment (read in a subprocess), not a copy written here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from tests.submissions.helpers import body, send
from tests.support import signed_in
from thidua.core.backup import storage_files

BUCKET = "thidua-test-uploads"
KEYS = {"AWS_ACCESS_KEY_ID": "thidua-test", "AWS_SECRET_ACCESS_KEY": "thidua-test-secret"}
DOCUMENT = b"%PDF-1.4\n% Ke hoach so 125/KH-UBND\n" + bytes(range(256)) * 8 + b"\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="module")
def s3_storages(s3_server):
    """STORAGES as settings.py builds it for THIDUA_STORAGE=s3 and this server; the bucket is created empty."""
    import boto3

    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(KEYS, THIDUA_STORAGE="s3", AWS_S3_ENDPOINT_URL=s3_server, AWS_STORAGE_BUCKET_NAME=BUCKET,
               AWS_S3_REGION_NAME="us-east-1", DJANGO_SETTINGS_MODULE="thidua.config.settings")
    done = subprocess.run(
        [sys.executable, "-c", "import json; from django.conf import settings; print(json.dumps(settings.STORAGES))"],
        env=env, capture_output=True, text=True, timeout=120, check=True)
    storages = json.loads(done.stdout.strip().splitlines()[-1])
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1",
                          aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
                          aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"])
    client.create_bucket(Bucket=BUCKET)
    return storages, client


@pytest.fixture
def on_s3(s3_storages, settings, tmp_path):
    storages, client = s3_storages
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = storages
    return client


def test_settings_switch_the_default_storage_to_the_s3_bucket(s3_storages, s3_server):
    storages, _ = s3_storages
    default = storages["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["addressing_style"]) == (
        BUCKET, s3_server, "path")
    assert (options["file_overwrite"], options["default_acl"], options["querystring_auth"]) == (False, None, True)


def test_a_unit_document_is_stored_in_the_bucket_and_downloaded_back(province, on_s3, tmp_path):
    version = send(province, "hiephoa", content=DOCUMENT, name="kế-hoạch.pdf")
    assert type(default_storage._wrapped).__name__ == "S3Storage"
    stored = on_s3.get_object(Bucket=BUCKET, Key=version.file.name)["Body"].read()
    assert stored == DOCUMENT
    assert not (tmp_path / "media").exists()  # nothing went to the local disk

    client = signed_in("hiephoa")
    url = reverse("campaigns:version_file", args=[version.submission_id, version.number])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert body(response) == DOCUMENT


def test_the_backup_lists_the_files_of_the_bucket(province, on_s3):
    first = send(province, "hiephoa", content=DOCUMENT)
    second = send(province, "soyte", content=DOCUMENT + b"% so y te\n")
    names = set(storage_files())
    assert {first.file.name, second.file.name} <= names
    assert first.file.name != second.file.name
    with default_storage.open(second.file.name, "rb") as handle:
        assert handle.read() == DOCUMENT + b"% so y te\n"
