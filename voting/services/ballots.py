"""Secret ballots: casting with a one-time code, closing a session, the hash chain and its verification.

Audit: the ballots are not audited, on purpose. ballot_cast runs without an actor and writes only unregistered rows
(Participation, Ballot, BallotMark), because an audit entry carries a timestamp and a correlation id shared by
everything written in the same request, which would tie the ballot to the participation written beside it.
"""

import hashlib
import logging
import re
import time
from collections.abc import Mapping, Sequence
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as
from voting import counting
from voting.models import (
    Ballot,
    BallotMark,
    BallotSession,
    Candidate,
    Delegate,
    PaperCount,
    Participation,
    Pool,
    VoterCode,
)
from voting.permissions import require_manager

from .common import RECEIPT_LENGTH, Status, code_hash, locked_session, random_code

logger = logging.getLogger(__name__)

USED = _("Mã này đã được dùng: mỗi đại biểu chỉ bỏ phiếu một lần.")


def _lock_open_session(session_id: int) -> str | None:
    """The session's status, holding a lock that lets ballots be cast together but not beside a close.

    On PostgreSQL a shared row lock: casts do not wait for each other, and session_close (FOR UPDATE) waits for
    the casts in progress, so a ballot is either committed before the close (and counted) or sees it closed.
    SQLite runs one write transaction at a time, which gives the same order.
    """
    table = BallotSession._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'SELECT status FROM "{table}" WHERE id = %s FOR SHARE', [session_id])
        else:
            cursor.execute(f'SELECT status FROM "{table}" WHERE id = %s', [session_id])
        row = cursor.fetchone()
    return row[0] if row else None


def ballot_cast(*, session: BallotSession, code: str, marks: Mapping[int, bool]) -> str:
    """Cast a secret ballot with a one-time code; `marks` maps candidate ids to agree (True) or not; a candidate
    left out is "not agree". Returns the ballot's receipt code.

    A ballot with more "agree" marks than a pool's quota is stored and counted invalid, not refused. A second use
    of a code (a double click, a second tab, two submissions at once) is refused with a message: the database's
    unique (session, delegate) on Participation decides, never a second ballot.
    Side effects, in one transaction: a Participation (who voted), a Ballot (random key and receipt, no delegate,
    no time) and one BallotMark per candidate. Not audited: see the module's docstring.
    """
    with transaction.atomic():
        status = _lock_open_session(session.pk)
        if status != Status.OPEN:
            raise ValidationError(_("Phiên bỏ phiếu không mở: không nhận phiếu."), code="closed")
        voter = (
            VoterCode.objects.filter(session_id=session.pk, code_hash=code_hash(session_id=session.pk, code=code))
            .values_list("delegate_id", flat=True)
            .first()
        )
        if voter is None:
            raise ValidationError(_("Mã bỏ phiếu không đúng."), code="code")
        channel = Participation.objects.filter(session_id=session.pk, delegate_id=voter).values_list(
            "channel", flat=True
        )
        if channel:
            if channel[0] == Participation.Channel.PAPER:
                raise ValidationError(_("Đại biểu đã nhận phiếu giấy: mã điện tử không còn dùng được."), code="used")
            raise ValidationError(USED, code="used")
        candidates = dict(Candidate.objects.filter(session_id=session.pk).values_list("pk", "pool_id"))
        unknown = [cid for cid in marks if cid not in candidates]
        if unknown:
            raise ValidationError(_("Phiếu có ứng viên không thuộc phiên này."), code="candidate")
        is_valid = ballot_is_valid(session.pk, candidates, marks)
        try:
            with transaction.atomic():
                Participation.objects.create(session_id=session.pk, delegate_id=voter)
        except IntegrityError:
            # The same code submitted at the same moment: the other submission committed first.
            raise ValidationError(USED, code="used") from None
        receipt = ballot_store(session.pk, candidates, marks, is_valid=is_valid)
    return receipt


def ballot_is_valid(session_id: int, candidates: Mapping[int, int], marks: Mapping[int, bool]) -> bool:
    agreed: dict[int, list[int]] = {}
    for cid, agree in marks.items():
        if agree:
            agreed.setdefault(candidates[cid], []).append(cid)
    pools = Pool.objects.filter(session_id=session_id).values_list("pk", "quota")
    return counting.ballot_is_valid(
        agreed, [counting.PoolSpec(id=pk, quota=quota, candidate_ids=()) for pk, quota in pools]
    )


def ballot_store(
    session_id: int,
    candidates: Mapping[int, int],
    marks: Mapping[int, bool],
    *,
    is_valid: bool,
    paper_number: int | None = None,
) -> str:
    ballot = Ballot.objects.create(
        session_id=session_id,
        receipt=random_code(RECEIPT_LENGTH),
        is_valid=is_valid,
        source=Ballot.Source.PAPER if paper_number is not None else Ballot.Source.ELECTRONIC,
        paper_number=paper_number,
    )
    BallotMark.objects.bulk_create(
        [BallotMark(ballot=ballot, candidate_id=cid, agree=bool(marks.get(cid))) for cid in candidates]
    )
    return ballot.receipt


# The hash chain -------------------------------------------------------------------------------------------------


def ballot_digest(*, session_id: int, receipt: str, is_valid: bool, marks: Sequence[tuple[int, bool]]) -> str:
    """The digest of one ballot's content, as anyone can recompute it from the published ballots."""
    content = ",".join(f"{cid}:{int(agree)}" for cid, agree in sorted(marks))
    return hashlib.sha256(f"{session_id}|{receipt}|{int(is_valid)}|{content}".encode()).hexdigest()


def chain_start(session_id: int) -> str:
    return hashlib.sha256(f"session:{session_id}".encode()).hexdigest()


def _link(previous: str, digest: str) -> str:
    return hashlib.sha256(f"{previous}{digest}".encode()).hexdigest()


def _chain(session: BallotSession, *, source: str, start: str) -> list[tuple[str, str]]:
    marks: dict[str, list[tuple[int, bool]]] = {}
    rows = BallotMark.objects.filter(ballot__session=session, ballot__source=source).values_list(
        "ballot__receipt", "candidate_id", "agree"
    )
    for receipt, cid, agree in rows:
        marks.setdefault(receipt, []).append((cid, agree))
    link = start
    chain = []
    for receipt, is_valid in (
        Ballot.objects.filter(session=session, source=source).order_by("receipt").values_list("receipt", "is_valid")
    ):
        digest = ballot_digest(session_id=session.pk, receipt=receipt, is_valid=is_valid, marks=marks.get(receipt, []))
        link = _link(link, digest)
        chain.append((receipt, link))
    return chain


def chain_compute(session: BallotSession) -> list[tuple[str, str]]:
    """The hash chain over the session's electronic ballots in the canonical order (by receipt): [(receipt, chain
    hash)]. Each link is sha256(previous link + the ballot's digest), starting from sha256("session:<id>")."""
    return _chain(session, source=Ballot.Source.ELECTRONIC, start=chain_start(session.pk))


def _head(chain: list[tuple[str, str]], start: str) -> str:
    return chain[-1][1] if chain else start


def paper_totals_digest(session: BallotSession) -> str | None:
    """The digest of the paper totals the committee entered (totals mode), or None when there are none."""
    count = PaperCount.objects.filter(session=session, mode=PaperCount.Mode.TOTALS).first()
    if count is None:
        return None
    totals = ",".join(f"{cid}:{votes}" for cid, votes in sorted(count.totals.values_list("candidate_id", "votes")))
    text = f"{session.pk}|paper|{count.returned}|{count.valid}|{count.invalid}|{totals}"
    return hashlib.sha256(text.encode()).hexdigest()


def paper_chain(session: BallotSession) -> tuple[list[tuple[str, str]], str]:
    """The chain continued from the electronic head over the paper ballots (by receipt), then over the paper
    totals when the committee entered totals: ([(receipt, chain hash)], the final head)."""
    start = session.chain_head or _head(chain_compute(session), chain_start(session.pk))
    links = _chain(session, source=Ballot.Source.PAPER, start=start)
    head = _head(links, start)
    totals = paper_totals_digest(session)
    if totals is not None:
        head = _link(head, totals)
    return links, head


def entitled_lines(session: BallotSession) -> list[str]:
    """The entitled list as the fingerprint hashes it (and the bulletin publishes it): one line per voting delegate
    in id order, "id|unit id|name|present when the session opened (1/0)|voted (1/0)"."""
    voted = set(Participation.objects.filter(session=session).values_list("delegate_id", flat=True))
    coded = set(VoterCode.objects.filter(session=session).values_list("delegate_id", flat=True))
    return [
        f"{pk}|{unit_id}|{name}|{int(pk in coded)}|{int(pk in voted)}"
        for pk, unit_id, name in Delegate.objects.filter(conference_id=session.conference_id, is_voting=True)
        .order_by("pk")
        .values_list("pk", "unit_id", "full_name")
    ]


def entitled_fingerprint(session: BallotSession) -> str:
    """sha256 over the entitled list as it is now (entitled_lines joined by newlines); the close stores the list
    and this hash (BallotSession.entitled_list, entitled_fingerprint)."""
    return hashlib.sha256("\n".join(entitled_lines(session)).encode()).hexdigest()


# A transaction whose snapshot is older than the close (autovacuum's ANALYZE after the vote, a report) makes the
# rewrite keep the replaced versions, and one reading a ballot table holds the rewrite's lock off (while casts in
# other sessions would queue behind it): try again a few times, waiting a little longer each time.
REWRITE_ATTEMPTS = 5
REWRITE_PAUSE = 0.5  # seconds, times the attempt's number
REWRITE_LOCK_TIMEOUT = "1s"


# What CLUSTER VERBOSE says (in English, the server's default) when an older snapshot made it keep row versions.
KEPT = re.compile(r"(\d+) dead row versions cannot be removed yet")


def _cluster(table: str) -> bool:
    """CLUSTER `table` on its primary key; True when it must be done again: its lock was not granted in time, or
    it had to keep row versions that an older snapshot may still see (psycopg2 keeps the server's INFO report)."""
    notices = getattr(connection.connection, "notices", [])  # psycopg2's; a driver without them: no check
    del notices[:]
    with connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = '{REWRITE_LOCK_TIMEOUT}'")
        try:
            cursor.execute(f'CLUSTER VERBOSE "{table}" USING "{table}_pkey"')
        except OperationalError:
            return True
        finally:
            cursor.execute("RESET lock_timeout")
    return any(int(n) for notice in notices for n in KEPT.findall(notice))


def _rewrite_ballot_tables() -> None:
    """Rewrite the ballot and mark tables in the order of their random keys, with fresh indexes: until then the
    row versions the close replaced, with the casting transaction's id, stay in the tables' pages (a plain VACUUM
    frees their line pointers, not their bytes, and HOT redirects keep their first places), readable to a
    database superuser (pageinspect). CLUSTER writes new files and drops the old ones; it locks each table for
    the time of the rewrite (casts of other open sessions wait). PostgreSQL only, outside a transaction."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = [Ballot._meta.db_table, BallotMark._meta.db_table]
    for attempt in range(REWRITE_ATTEMPTS):
        if attempt:
            time.sleep(REWRITE_PAUSE * attempt)
        tables = [table for table in tables if _cluster(table)]
        if not tables:
            return
    logger.warning("Ballot tables not rewritten clean (lock not granted, or an older snapshot): %s", tables)


def session_close(*, actor, session: BallotSession) -> BallotSession:
    """Close an open session: no ballot is accepted after. Computes the hash chain over the ballots (by receipt)
    and the fingerprint of the entitled list, and stores them.

    Side effects: the session (closed, closed_at, chain head, fingerprint; audited); each ballot's chain hash.
    Every ballot and mark is rewritten here, in receipt order and in this one transaction: on PostgreSQL a row
    keeps the id of the transaction that wrote it (xmin), which the cast shared with its Participation; after
    the close all ballots carry the close's, and after the commit both tables are rewritten in the order of their
    random keys (_rewrite_ballot_tables), which drops the rows it replaced and what the pages kept of the casting
    order.
    """
    require_manager(actor, session.conference)
    with transaction.atomic(), acting_as(actor):
        session = locked_session(session)
        if session.status != Status.OPEN:
            raise ValidationError(_("Chỉ đóng được phiên đang bỏ phiếu."))
        chain = chain_compute(session)
        for receipt, link in chain:
            Ballot.objects.filter(session=session, receipt=receipt).update(chain_hash=link)
        BallotMark.objects.filter(ballot__session=session).update(agree=F("agree"))
        session.chain_head = _head(chain, chain_start(session.pk))
        session.entitled_list = entitled_lines(session)
        session.entitled_fingerprint = hashlib.sha256("\n".join(session.entitled_list).encode()).hexdigest()
        session.status = Status.CLOSED
        session.closed_at = timezone.now()
        session.save(update_fields=["chain_head", "entitled_list", "entitled_fingerprint", "status", "closed_at"])
        transaction.on_commit(partial(_rewrite_ballot_tables), robust=True)
    return session


def session_verify(session: BallotSession) -> bool:
    """Recompute the chain from the stored ballots: True when it ends at the published head, and (once counted)
    its continuation over the paper ballots ends at the published final head."""
    if not session.chain_head:
        return False
    if _head(chain_compute(session), chain_start(session.pk)) != session.chain_head:
        return False
    if session.status == Status.COUNTED and session.final_head:
        return paper_chain(session)[1] == session.final_head
    return True
