"""What can go wrong talking to the intake server, split by what the user can do about it.

Every error is a :class:`~caseworker.core.errors.KnownError` with a plain-English msgid and a hint
(the GUI translates both); none carries personal data. The desktop sync decides from the type:

- :class:`ServerUnreachable` — keep working offline, the outbox sends later;
- :class:`Unauthorized` / :class:`TokenRevoked` — ask agency IT for a new enrolment code;
- :class:`LeaseLost` — someone else has the item now (or the lease expired): drop the local claim;
- :class:`SubmissionConflict` — a different submission already has this id: a bug or tampering.
"""

from __future__ import annotations

from caseworker.core.errors import KnownError


class IntakeServerError(KnownError):
    """Base of every intake-server error. ``status`` is the HTTP status (0 when there was none)."""

    message = "The intake server refused the request."
    status: int = 0
    code: str = ""

    def __init__(
        self, message: str | None = None, hint: str | None = None, *, status: int = 0, code: str = ""
    ) -> None:
        super().__init__(message, hint)
        self.status = status or type(self).status
        self.code = code or type(self).code


class ServerUnreachable(IntakeServerError):
    message = "The intake server cannot be reached."
    hint = "Check the network connection. Your work is kept and will be sent when the server is back."


class ServerFailure(IntakeServerError):
    message = "The intake server had a problem and could not answer."
    hint = "Try again in a few minutes. If it keeps happening, tell agency IT."


class Unauthorized(IntakeServerError):
    status = 401
    code = "unauthorized"
    message = "This computer is not enrolled with the intake server."
    hint = "Ask agency IT for an enrolment code and enrol this computer again."


class TokenRevoked(Unauthorized):
    code = "device_revoked"
    message = "This computer's access to the intake server was revoked."


class EnrolmentRefused(IntakeServerError):
    status = 403
    code = "enrolment_refused"
    message = "This enrolment code is unknown, already used or expired."
    hint = "Ask agency IT for a new enrolment code."


class LeaseLost(IntakeServerError):
    status = 409
    code = "lease_lost"
    message = "This request is no longer reserved for you: the reservation expired or another worker has it."
    hint = "Nothing was changed on the server. Refresh the queue."


class SubmissionConflict(IntakeServerError):
    status = 409
    code = "conflict"
    message = "The server already has a different request with the same id."
    hint = "Tell agency IT: this should not happen."


class ItemNotFound(IntakeServerError):
    status = 404
    code = "not_found"
    message = "This request is no longer on the intake server."


class UnknownAgency(IntakeServerError):
    status = 422
    code = "unknown_agency"
    message = "There is no agency with this name on the intake server."
    hint = "Refresh the list of agencies and choose again."


class RequestRejected(IntakeServerError):
    status = 422
    code = "invalid"
    message = "The intake server did not accept what was sent."


class RateLimited(IntakeServerError):
    status = 429
    code = "rate_limited"
    message = "Too many attempts. Wait a minute and try again."


class ServerBusy(ServerFailure):
    status = 503
    code = "busy"
    message = "The intake server is busy."
    hint = "Try again in a moment."
