"""Errors the server turns into clear HTTP answers. Messages never hold personal data."""

from __future__ import annotations

from caseworker.core.errors import KnownError


class ServerError(KnownError):
    """Base: ``status`` is the HTTP status, ``code`` a stable machine-readable word for clients."""

    status = 400
    code = "bad_request"


class Conflict(ServerError):
    status = 409
    code = "conflict"
    message = "A submission with this id already exists with different content."


class LeaseLost(ServerError):
    status = 409
    code = "lease_lost"
    message = "This item is no longer leased to you (the lease expired or was taken over)."
    hint = "Claim it again if it is still in the queue."


class NotFound(ServerError):
    status = 404
    code = "not_found"
    message = "No such item."


class Unauthorized(ServerError):
    status = 401
    code = "unauthorized"
    message = "This device is not enrolled with the intake server."
    hint = "Ask agency IT for an enrolment code."


class DeviceRevoked(Unauthorized):
    code = "device_revoked"
    message = "This device's access to the intake server was revoked."


class EnrolmentRefused(ServerError):
    status = 403
    code = "enrolment_refused"
    message = "This enrolment code is unknown, used or expired."
    hint = "Ask agency IT for a new enrolment code."


class UnknownAgency(ServerError):
    status = 422
    code = "unknown_agency"
    message = "There is no agency with this name on the intake server."


class DatabaseBusy(ServerError):
    status = 503
    code = "busy"
    message = "The intake server is busy. Try again in a moment."
