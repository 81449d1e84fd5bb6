"""Domain errors that the pages and the API turn into a status code of their own."""

from __future__ import annotations


class StaleVersion(Exception):
    """The writer's copy is older than the record: the API answers 409 and the page shows the newer values."""

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message)
        self.message = message
        self.current_version = current_version
