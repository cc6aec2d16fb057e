"""Where families' receipts are kept: never anywhere a browser can fetch them without a permission check.

`STORAGES["private"]` names the backend: by default a folder outside the web root
(`PRIVATE_MEDIA_ROOT`), or a private S3-compatible bucket when `AWS_STORAGE_BUCKET_NAME` is set, so
that several app servers behind a load balancer see the same files. Either way the only way out is
the budget's evidence download view, which checks the family's or officer's access first.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InvalidStorageError, Storage, storages
from django.utils.deconstruct import deconstructible


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT (read at use, so tests can move it), with no URL."""

    def __init__(self, **kwargs):
        kwargs["base_url"] = None
        super().__init__(**kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; use the evidence download view.")


def private_backend() -> Storage:
    try:
        return storages["private"]
    except InvalidStorageError:
        return _FALLBACK


_FALLBACK = PrivateFileSystemStorage()


@deconstructible(path="budgets.models.PrivateStorage")
class PrivateStorage(Storage):
    """What a model's file field names: hands every operation to `STORAGES["private"]`, chosen at run
    time, so migrations do not depend on where a council keeps its files."""

    def __eq__(self, other):
        return isinstance(other, PrivateStorage)

    def __hash__(self):
        return hash(PrivateStorage)

    @property
    def backend(self) -> Storage:
        return private_backend()

    def _open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def path(self, name):
        return self.backend.path(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)

    def url(self, name):
        raise ValueError("Private files have no public URL; use the evidence download view.")
