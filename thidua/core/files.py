"""Files written by a service inside its transaction, removed again when it fails.

The row needs the file's name, so the file is written first; Django has no "on rollback" hook,
so `atomic_with_files` (used instead of `transaction.atomic` by services that store uploads)
deletes every file `store_file` wrote inside it when the block raises: a refused or failed
upload leaves no orphan file in the private storage.
"""

import contextvars
from functools import wraps

from django.core.files.base import ContentFile, File
from django.db import transaction

_STORED: contextvars.ContextVar[list | None] = contextvars.ContextVar("stored_files", default=None)


def store_file(field_file, name: str, content) -> str:
    """Write `content` (bytes or a File) to the file field's storage under `name` (without
    saving the row); remembered for removal if the enclosing `atomic_with_files` fails."""
    data = content if isinstance(content, File) else ContentFile(content)
    field_file.save(name, data, save=False)
    stored = _STORED.get()
    if stored is not None:
        stored.append((field_file.storage, field_file.name))
    return field_file.name


def atomic_with_files(service):
    """`transaction.atomic` for a service that stores files: on an exception the transaction
    rolls back and the files stored inside it are deleted."""

    @wraps(service)
    def wrapped(*args, **kwargs):
        stored: list = []
        token = _STORED.set(stored)
        try:
            with transaction.atomic():
                return service(*args, **kwargs)
        except BaseException:
            for storage, name in stored:
                storage.delete(name)
            raise
        finally:
            _STORED.reset(token)

    return wrapped
