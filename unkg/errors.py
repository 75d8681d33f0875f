"""The one error shape of unkg.

Every refusal is a UnkgError with a one-line message that says what to do, a machine
code, and the exit status the CLI returns: 1 when the data is invalid, 2 for usage and
runtime errors (as pySHACL does). The API maps the same object onto one JSON body.
"""
from __future__ import annotations


class UnkgError(Exception):
    """A refusal that reaches the user as one line; never a stack trace."""

    exit_code = 2
    http_status = 400
    code = "error"

    def __init__(self, message: str, *, code: str | None = None, http_status: int | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if http_status:
            self.http_status = http_status

    def as_dict(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "status": self.http_status}}


class UsageError(UnkgError):
    code = "bad_request"


class InputError(UnkgError):
    """A file unkg cannot read: missing, empty, binary, undecodable, not a UN document."""

    code = "bad_input"
    http_status = 422


class InvalidData(UnkgError):
    """The data was read but does not conform to the shapes; nothing was written."""

    exit_code = 1
    code = "invalid_data"
    http_status = 422

    def __init__(self, message: str, report: str = ""):
        super().__init__(message)
        self.report = report


class StoreError(UnkgError):
    code = "store_error"
    http_status = 503


class StoreLocked(StoreError):
    code = "store_locked"


class ReadOnlyStore(StoreError):
    code = "read_only"
    http_status = 403


class NotFound(UnkgError):
    code = "not_found"
    http_status = 404


class QueryError(UnkgError):
    code = "query_error"
    http_status = 400


class QueryTimeout(UnkgError):
    code = "timeout"
    http_status = 503
