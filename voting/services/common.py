"""What the voting services share: random codes and receipts, the keyed hash a code is stored as, row locks."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError

from voting.models import BallotSession

Status = BallotSession.Status
# Codes and receipts: no 0/O, 1/I/L, so that they can be read aloud and typed from paper.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
RECEIPT_LENGTH = 12


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalize_code(code: str) -> str:
    """What a delegate typed, as stored: upper case, without spaces or dashes ("abcd-efgh 23" → "ABCDEFGH23")."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_hash(*, session_id: int, code: str) -> str:
    """The keyed hash a code is stored as: the plain code is shown once, when it is issued."""
    message = f"{session_id}:{normalize_code(code)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def locked_session(session: BallotSession) -> BallotSession:
    """The session re-read under a row lock, inside the caller's transaction."""
    return BallotSession.objects.select_for_update().select_related("conference").get(pk=session.pk)


def status_label(status: str) -> str:
    return str(Status(status).label)


def require_status(session: BallotSession, *allowed: str, message: str) -> None:
    if session.status not in allowed:
        raise ValidationError(message % {"status": status_label(session.status)}, code="status")


def round_ids(session: BallotSession) -> list[int]:
    """The session and its run-offs (and theirs), first round first."""
    ids = [session.pk]
    frontier = [session.pk]
    while frontier:
        frontier = list(
            BallotSession.objects.filter(parent_id__in=frontier).order_by("round").values_list("pk", flat=True)
        )
        ids += frontier
    return ids


def root_of(session: BallotSession) -> BallotSession:
    """The first round of a session's chain of run-offs."""
    while session.parent_id:
        session = BallotSession.objects.select_related("conference").get(pk=session.parent_id)
    return session
