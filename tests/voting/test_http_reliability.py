"""Voting's reliability over HTTP, against gunicorn and PostgreSQL (issue 5, "Reliability"): delegates submitting
twice at the same moment, the chair closing while ballots arrive, an attempt to link ballots to delegates from
everything in the database, and the close's rewrite of the ballot tables beside an older snapshot."""

import queue
import random
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from statistics import correlation

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection, transaction

from voting import services
from voting.models import Ballot, BallotMark, BallotSession, Delegate, Participation, VoterCode
from voting.services import PoolInput

from .conftest import Room, make_room
from .http_server import TIMEOUT, Answer, ballot_fields, get_form, login_cookies, post, post_at_once, served

pytestmark = pytest.mark.postgres

USED = "Mã này đã được dùng: mỗi đại biểu chỉ bỏ phiếu một lần."
CLOSED = "Phiên bỏ phiếu không mở: không nhận phiếu."


def open_room(*, units: int, per_unit: int, name: str, candidates: int, quota: int):
    """A conference of `units` member units with `per_unit` voting delegates each, all present, and its sector
    banner session open: (room, session, {delegate id: code}, candidate ids in ballot order)."""
    room = make_room(size=units, name=name)
    old = room.conference
    conference = room.conference = services.conference_update(
        actor=room.board,
        conference=old,
        date=old.date,
        place=old.place,
        chair_name=old.chair_name,
        name=old.name,
        voting_per_unit=per_unit,
    )
    for unit in room.units:
        for number in range(2, per_unit + 1):
            services.delegate_add(
                actor=room.board, conference=conference, unit=unit, full_name=f"Đại biểu số {number}, {unit.name}"
            )
    services.delegates_check_in_all(actor=room.board, conference=conference)
    room.delegates = list(Delegate.objects.filter(conference=conference).order_by("pk"))
    session = services.session_create(
        actor=room.board,
        conference=conference,
        title=room.sector(),
        pools=[PoolInput(name="Các Vụ", quota=quota, units=room.units[:candidates])],
    )
    codes = services.session_open(actor=room.board, session=session)
    assert len(codes) == units * per_unit
    ids = list(session.candidates.order_by("order").values_list("pk", flat=True))
    return room, session, codes, ids


def in_threads(call: Callable, items: Sequence) -> list:
    """call(item) for every item, each in its own thread; the result, or the exception it raised."""

    def guarded(item):
        try:
            return call(item)
        except Exception as exc:  # noqa: BLE001 - any failure is a result the test reports
            return exc

    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        return list(pool.map(guarded, items))


def within_quota(candidates: list[int], quota: int, rng: random.Random) -> dict[int, bool]:
    agreed = set(rng.sample(candidates, rng.randint(0, quota)))
    return {cid: cid in agreed for cid in candidates}


def totals_of(marks: Sequence[dict[int, bool]], candidates: list[int]) -> dict[int, int]:
    return {cid: sum(1 for ballot in marks if ballot[cid]) for cid in candidates}


def counted_votes(room: Room, session: BallotSession) -> dict[int, int]:
    result = services.session_count(actor=room.board, session=session)
    return {item.candidate_id: item.votes for item in result.candidates}


def test_two_hundred_delegates_each_submitting_twice_at_the_same_moment(transactional_db, tmp_path):
    """200 delegates; each GETs the ballot page, then a barrier releases every delegate's two submissions together
    (a double click, or a second tab with other marks): one ballot each, one clean refusal each, nothing else."""
    room, session, codes, candidates = open_room(units=20, per_unit=10, name="Cụm 200 đại biểu", candidates=4, quota=2)
    rng = random.Random(200)
    plan = [(code, within_quota(candidates, 2, rng), within_quota(candidates, 2, rng)) for code in codes.values()]
    path = f"/vote/{session.pk}/"
    barrier = threading.Barrier(len(plan))

    with served(var_dir=tmp_path / "var") as port:

        def delegate(item) -> list[Answer]:
            code, first, second = item
            form = get_form(port, path)
            barrier.wait(timeout=TIMEOUT)
            return post_at_once(port, path, form, [ballot_fields(form, code, first), ballot_fields(form, code, second)])

        results = in_threads(delegate, plan)

    failures = [repr(r) for r in results if isinstance(r, BaseException)]
    assert failures == []
    answers = [answer for pair in results for answer in pair]
    assert Counter(a.status for a in answers) == {200: 200, 409: 200}
    assert all(sorted(a.status for a in pair) == [200, 409] for pair in results)
    accepted = [a for a in answers if a.status == 200]
    refused = [a for a in answers if a.status == 409]
    assert all(a.receipt and a.errors == [] for a in accepted)
    assert all(a.receipt is None and a.errors == [USED] for a in refused)
    receipts = {a.receipt for a in accepted}
    assert len(receipts) == 200

    assert set(Ballot.objects.filter(session=session).values_list("receipt", flat=True)) == receipts
    assert Ballot.objects.filter(session=session, is_valid=True).count() == 200
    assert Participation.objects.filter(session=session).count() == 200
    assert Participation.objects.filter(session=session).values("delegate").distinct().count() == 200
    assert BallotMark.objects.filter(ballot__session=session).count() == 200 * 4
    # Each ballot holds the marks of the submission that was answered 200, never a mix of the two.
    sent = [
        first if pair[0].status == 200 else second for (_code, first, second), pair in zip(plan, results, strict=True)
    ]
    services.session_close(actor=room.board, session=session)
    assert services.session_verify(BallotSession.objects.get(pk=session.pk)) is True
    assert counted_votes(room, session) == totals_of(sent, candidates)


def test_closing_a_session_while_ballots_arrive(transactional_db, tmp_path):
    """24 delegates' phones post a stream of ballots; once 30 are in, the chair closes the session over HTTP; 20
    delegates more post after the close answered. Every ballot answered 200 is counted, every one answered 409 is
    refused as closed and absent, and the database holds exactly the receipts answered."""
    room, session, codes, candidates = open_room(units=12, per_unit=10, name="Cụm đóng phiên", candidates=4, quota=2)
    rng = random.Random(120)
    order = list(codes.values())
    rng.shuffle(order)
    stream, late = order[:100], order[100:]
    marks = {code: within_quota(candidates, 2, rng) for code in order}
    path, close_path = f"/vote/{session.pk}/", f"/sessions/{session.pk}/close/"
    work: queue.Queue = queue.Queue()
    for code in stream:
        work.put(code)
    enough = threading.Event()
    accepted_so_far = Counter()
    lock = threading.Lock()
    voters = 24

    with served(var_dir=tmp_path / "var") as port:
        chair = get_form(port, f"/sessions/{session.pk}/", login_cookies(room.board))

        def phone(_index) -> list[tuple[str, Answer]]:
            out = []
            while (code := work.get()) is not None:
                form = get_form(port, path)
                answer = post(port, path, form, ballot_fields(form, code, marks[code]))
                out.append((code, answer))
                if answer.status == 200:
                    with lock:
                        accepted_so_far["n"] += 1
                        if accepted_so_far["n"] >= 30:
                            enough.set()
            return out

        with ThreadPoolExecutor(max_workers=voters) as pool:
            futures = [pool.submit(phone, i) for i in range(voters)]
            try:
                assert enough.wait(timeout=TIMEOUT)
                closed = post(port, close_path, chair, {"csrfmiddlewaretoken": chair.token})
            finally:
                for code in late:
                    work.put(code)
                for _ in range(voters):
                    work.put(None)
            results = [(code, answer) for future in futures for code, answer in future.result()]

    assert closed.status == 302
    assert closed.headers["location"] == f"/sessions/{session.pk}/"
    session.refresh_from_db()
    assert session.status == BallotSession.Status.CLOSED
    assert sorted(code for code, _answer in results) == sorted(order)
    assert Counter(answer.status for _code, answer in results).keys() <= {200, 409}
    accepted = [(code, a) for code, a in results if a.status == 200]
    refused = [(code, a) for code, a in results if a.status == 409]
    assert all(a.receipt and a.errors == [] for _code, a in accepted)
    assert all(a.receipt is None and a.errors == [CLOSED] for _code, a in refused)
    # Answered before the chair pressed the button: accepted. Sent after the close was answered: refused.
    assert all(a.status == 200 for _code, a in results if a.answered < closed.sent)
    assert all(a.status == 409 for _code, a in results if a.sent > closed.answered)
    assert len(accepted) >= 30
    assert len(refused) >= len(late)

    receipts = {a.receipt for _code, a in accepted}
    assert len(receipts) == len(accepted)
    assert set(Ballot.objects.filter(session=session).values_list("receipt", flat=True)) == receipts
    assert Participation.objects.filter(session=session).count() == len(accepted)
    assert len(services.chain_compute(session)) == len(accepted)
    assert services.session_verify(session) is True
    assert counted_votes(room, session) == totals_of([marks[code] for code, _a in accepted], candidates)
    session.refresh_from_db()
    assert (session.result["ballots"], session.result["valid"]) == (len(accepted), len(accepted))


# The attack on secrecy ------------------------------------------------------------------------------------------

PAGE = 8192
BALLOT_TABLES = ("voting_ballot", "voting_ballotmark")


def fetch(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def ctid(text: str) -> tuple[int, int]:
    page, item = text.strip("()").split(",")
    return int(page), int(item)


def marks_of(pattern: int, candidates: list[int]) -> dict[int, bool]:
    """The marks that spell `pattern` in binary, one candidate a bit: 256 ballots that no two delegates share."""
    return {cid: bool(pattern >> bit & 1) for bit, cid in enumerate(candidates)}


def authors(session: BallotSession, secret: dict[int, int], candidates: list[int]) -> dict[str, int]:
    """What only the test knows: {ballot id: the delegate who cast it}, read off each ballot's marks."""
    by_pattern = {pattern: pk for pk, pattern in secret.items()}
    bit = {cid: 1 << position for position, cid in enumerate(candidates)}
    patterns: Counter = Counter()
    for ballot_id, cid, agree in fetch(
        "SELECT m.ballot_id::text, m.candidate_id, m.agree FROM voting_ballotmark m "
        "JOIN voting_ballot b ON b.id = m.ballot_id WHERE b.session_id = %s",
        [session.pk],
    ):
        patterns[ballot_id] += bit[cid] if agree else 0
    return {ballot_id: by_pattern[pattern] for ballot_id, pattern in patterns.items()}


def participation_orders(session: BallotSession) -> dict[str, list[int]]:
    """Every order of the delegates who voted that the tables give: keys, row versions (xmin, cmin), physical
    places (ctid), a scan without ORDER BY; the codes issued to them likewise."""
    rows = fetch(
        "SELECT delegate_id, id, xmin::text::bigint, cmin::text::bigint, ctid::text FROM voting_participation "
        "WHERE session_id = %s",
        [session.pk],
    )
    codes = fetch(
        "SELECT delegate_id, id, ctid::text, code_hash FROM voting_votercode WHERE session_id = %s", [session.pk]
    )

    def by(source, key) -> list[int]:
        return [row[0] for row in sorted(source, key=key)]

    return {
        "Participation.id": by(rows, lambda row: row[1]),
        "Participation xmin": by(rows, lambda row: (row[2], row[1])),
        "Participation cmin": by(rows, lambda row: (row[3], row[1])),
        "Participation ctid": by(rows, lambda row: ctid(row[4])),
        "Participation, scan without ORDER BY": [row[0] for row in rows],
        "delegate id": sorted(row[0] for row in rows),
        "VoterCode.id": by(codes, lambda row: row[1]),
        "VoterCode ctid": by(codes, lambda row: ctid(row[2])),
        "VoterCode hash": by(codes, lambda row: row[3]),
    }


def ballot_orders(session: BallotSession, author: dict[str, int]) -> dict[str, list[int]]:
    """Every order of the ballots that the tables give, each as the list of the ballots' true authors."""
    ballots = fetch(
        "SELECT id::text, receipt, chain_hash, xmin::text::bigint, cmin::text::bigint, ctid::text "
        "FROM voting_ballot WHERE session_id = %s",
        [session.pk],
    )
    first_mark: dict[str, tuple] = {}
    last_mark: dict[str, tuple] = {}
    for ballot_id, *keys in fetch(
        "SELECT m.ballot_id::text, m.ctid::text, m.id::text, m.xmin::text::bigint, m.cmin::text::bigint "
        "FROM voting_ballotmark m JOIN voting_ballot b ON b.id = m.ballot_id WHERE b.session_id = %s",
        [session.pk],
    ):
        keys[0] = ctid(keys[0])
        keys = tuple(keys)
        first_mark[ballot_id] = tuple(map(min, first_mark.get(ballot_id, keys), keys))
        last_mark[ballot_id] = tuple(map(max, last_mark.get(ballot_id, keys), keys))
    by_receipt = sorted(ballots, key=lambda row: row[1])  # ties (one xmin for all) fall back on the receipt

    def by(key) -> list[int]:
        return [author[row[0]] for row in sorted(by_receipt, key=key)]

    return {
        "Ballot.id (uuid)": by(lambda row: row[0]),
        "receipt": by(lambda row: row[1]),
        "chain hash": by(lambda row: row[2]),
        "Ballot xmin": by(lambda row: row[3]),
        "Ballot cmin": by(lambda row: row[4]),
        "Ballot ctid": by(lambda row: ctid(row[5])),
        "Ballot, scan without ORDER BY": [author[row[0]] for row in ballots],
        "first mark's ctid": by(lambda row: first_mark[row[0]][0]),
        "last mark's ctid": by(lambda row: last_mark[row[0]][0]),
        "first mark's id": by(lambda row: first_mark[row[0]][1]),
        "marks' xmin": by(lambda row: first_mark[row[0]][2]),
        "marks' first cmin": by(lambda row: first_mark[row[0]][3]),
        "marks' last cmin": by(lambda row: last_mark[row[0]][3]),
    }


def linked_pairs(guesses: dict[str, list[int]], truths: dict[str, list[int]]) -> dict[str, tuple[int, float]]:
    """For each order of the participations and each order of the ballots, forwards and backwards: the pairs
    linked right by putting the k-th ballot beside the k-th participation, and the rank correlation of the two
    orders (a leak shifted by one place links nothing exactly but correlates near 1)."""
    out = {}
    for p_name, delegates in guesses.items():
        rank = {pk: k for k, pk in enumerate(delegates)}
        for b_name, truth in truths.items():
            for direction, order in (("", truth), (", reversed", truth[::-1])):
                hits = sum(1 for a, b in zip(delegates, order, strict=True) if a == b)
                rho = correlation(list(range(len(order))), [rank[pk] for pk in order])
                out[f"{p_name} ~ {b_name}{direction}"] = (hits, rho)
    return out


def rows_holding(needles: set[str], *, skip: Sequence[str]) -> list[tuple[str, str]]:
    """(table, row) for every row of every table but `skip` whose text holds one of `needles`."""
    pattern = re.compile("|".join(map(re.escape, sorted(needles))))
    found = []
    for table in connection.introspection.table_names():
        if table in skip:
            continue
        for (text,) in fetch(f'SELECT t::text FROM "{table}" t'):
            if pattern.search(text):
                found.append((table, text[:200]))
    return found


def column_offset(table: str, column: str) -> int:
    """Where `column` starts in a row's data, from the columns before it (fixed-length ones only)."""
    offset = 0
    for name, length, align in fetch(
        "SELECT attname, attlen, attalign FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum",
        [table],
    ):
        step = {"c": 1, "s": 2, "i": 4, "d": 8}[align]
        offset = -(-offset // step) * step
        if name == column:
            return offset
        assert length > 0, f"{table}.{name} has a variable length: {column}'s place depends on each row"
        offset += length
    raise AssertionError(f"{table} has no column {column}")


def page_traces(table: str, column: str, keys: set[bytes]) -> tuple[Counter, Counter]:
    """What pageinspect shows of `table`, beyond what SELECT does: the line pointers (normal, redirect, dead,
    unused) with the transaction id of each tuple header, and every place in the raw pages, free space included,
    where one of `keys` (16 bytes) is written in `column`, with the transaction id of the header before it."""
    pointers: Counter = Counter()
    written: Counter = Counter()
    before = column_offset(table, column)
    for block in range(fetch("SELECT pg_relation_size(%s)", [table])[0][0] // PAGE):
        for flags, xmin in fetch(
            "SELECT lp_flags, t_xmin::text FROM heap_page_items(get_raw_page(%s, %s))", [table, block]
        ):
            pointers[(flags, xmin)] += 1
        raw = bytes(fetch("SELECT get_raw_page(%s, %s)", [table, block])[0][0])
        for key in keys:
            at = raw.find(key)
            while at >= 0:
                # A tuple header is 24 bytes (32 with a null bitmap over 8 columns); t_hoff, its length, is byte 22.
                heads = [at - before - hoff for hoff in (24, 32) if raw[at - before - hoff + 22] == hoff]
                written[str(int.from_bytes(raw[heads[0] : heads[0] + 4], "little")) if heads else None] += 1
                at = raw.find(key, at + 1)
    return pointers, written


def autovacuum_idle(timeout: float = TIMEOUT) -> None:
    """Wait until no autovacuum worker runs in this database. Its ANALYZE after the inserts of a vote holds a
    snapshot older than the close, which makes the close's rewrite keep the replaced row versions; the close tries
    again for about five seconds, which a throttled autovacuum on a loaded machine can outlast. The tests below
    want the outcome of a quiet database, or of the one older snapshot they hold themselves."""
    deadline = time.monotonic() + timeout
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND backend_type = 'autovacuum worker'"
    )
    while fetch(query) != [(0,)]:
        assert time.monotonic() < deadline, "autovacuum did not finish"
        time.sleep(0.2)


@contextmanager
def extensions(*names: str) -> Iterator[bool]:
    """The superuser's inspection tools in the test database, for the block (False when the user may not)."""
    if not fetch("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")[0][0]:
        yield False
        return
    had = {name for (name,) in fetch("SELECT extname FROM pg_extension")}
    for name in names:
        execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
    try:
        yield True
    finally:
        for name in set(names) - had:
            execute(f"DROP EXTENSION IF EXISTS {name}")


def test_an_attempt_to_link_ballots_to_delegates_from_everything_in_the_database_fails(transactional_db, tmp_path):
    """100 delegates vote over HTTP, one after another in an order only the test knows, each ballot with marks no
    other ballot has (so the test, and only the test, knows who cast it); the chair closes over HTTP. Then the
    attacker, a PostgreSQL superuser reading the database after the close, tries every order and key there is:
    the participations' ids, xmin, cmin and ctid (exactly the casting order here: the easiest case), the codes'
    ids, places and hashes, against the ballots' ids, receipts, chain hashes, xmin, cmin, ctid, scan order and
    their marks' ids, xmin, cmin and places, forwards and backwards. Each pairing links no more ballots than
    chance (about 1 of 100 for a random order; a real leak gives near 100, or a rank correlation near ±1 when
    shifted), no table has a row naming a ballot beside anything else, the voters left no Django session and no
    axes record, the audit log wrote nothing while the session was open, no dead row version is left
    (pgstattuple), and the pages themselves (pageinspect), free space included, hold each ballot's key only in
    its live row, written by the close: no line pointer redirect keeping a first place, no old version with the
    casting transaction's id.

    What an attacker with these powers can still do (this test does not claim otherwise): watch the database
    while the vote goes on (poll the tables, pg_stat_activity, or turn on statement logging), which links each
    ballot to the participation written in the same transaction; read the write-ahead log (pg_walinspect, or
    the files) until its segments are recycled, and for ever in WAL archives or a base backup taken during the
    vote, where each casting transaction's inserts sit together; read the blocks of the files the close's
    rewrite dropped from the disk itself (root on the host). A transaction begun before the close and still
    running when the close rewrites the tables (a long report, pg_dump, a slow autovacuum) makes the rewrite keep
    the replaced versions, casting order included, until a later close rewrites the tables again: the close tries
    for about five seconds, then logs a warning (the last test). The server log records, by default, the refused
    duplicate insert of a double submission (the delegate's id and the time, not the ballot). Who voted, and in
    which order, is not secret: only how. On SQLite (the quick start) the implicit rowid keeps the casting order:
    this is a PostgreSQL test.
    """
    room, session, codes, candidates = open_room(units=10, per_unit=10, name="Cụm bỏ phiếu kín", candidates=8, quota=8)
    rng = random.Random(100)
    delegates = sorted(codes)
    secret = dict(zip(delegates, rng.sample(range(256), len(delegates)), strict=True))
    order = delegates[:]
    rng.shuffle(order)
    path = f"/vote/{session.pk}/"
    with served(var_dir=tmp_path / "var") as port:
        for pk in order:
            form = get_form(port, path)
            answer = post(port, path, form, ballot_fields(form, codes[pk], marks_of(secret[pk], candidates)))
            assert answer.status == 200, answer.body[:300]
        chair = get_form(port, f"/sessions/{session.pk}/", login_cookies(room.board))
        autovacuum_idle()
        closed = post(port, f"/sessions/{session.pk}/close/", chair, {"csrfmiddlewaretoken": chair.token})
    assert closed.status == 302
    session.refresh_from_db()
    assert session.status == BallotSession.Status.CLOSED
    author = authors(session, secret, candidates)
    assert sorted(author.values()) == delegates

    guesses = participation_orders(session)
    assert guesses["Participation.id"] == order  # one at a time: the keys are the casting order
    links = linked_pairs(guesses, ballot_orders(session, author))
    assert len(links) == 9 * 13 * 2
    worst_hits = max(links.items(), key=lambda item: item[1][0])
    worst_rho = max(links.items(), key=lambda item: abs(item[1][1]))
    assert worst_hits[1][0] <= 10, worst_hits
    assert abs(worst_rho[1][1]) <= 0.5, worst_rho

    # No column of a ballot or a mark points anywhere but its session, ballot and candidate.
    assert {
        (table, column)
        for table, column in fetch(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name IN %s",
            [BALLOT_TABLES],
        )
    } == {
        ("voting_ballot", name)
        for name in ("id", "session_id", "receipt", "source", "paper_number", "is_valid", "chain_hash")
    } | {("voting_ballotmark", name) for name in ("id", "ballot_id", "candidate_id", "agree")}
    assert set(
        fetch(
            "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint WHERE contype = 'f' "
            "AND (conrelid::regclass::text IN %s OR confrelid::regclass::text IN %s)",
            [BALLOT_TABLES, BALLOT_TABLES],
        )
    ) == {
        ("voting_ballot", "voting_ballotsession"),
        ("voting_ballotmark", "voting_ballot"),
        ("voting_ballotmark", "voting_candidate"),
    }
    # No other row anywhere names a ballot or a mark: neither the audit log, nor a session, nor axes.
    ballot_keys = set(author) | {mark_id for (mark_id,) in fetch("SELECT id::text FROM voting_ballotmark")}
    receipts = set(Ballot.objects.filter(session=session).values_list("receipt", flat=True))
    needles = ballot_keys | {key.replace("-", "") for key in ballot_keys} | receipts
    assert rows_holding(needles, skip=BALLOT_TABLES) == []
    # The voters' requests wrote no Django session (the chair's is the one there is), and nothing to axes.
    assert [s.get_decoded()["_auth_user_id"] for s in Session.objects.all()] == [str(room.board.pk)]
    assert (AccessAttempt.objects.count(), AccessLog.objects.count(), AccessFailureLog.objects.count()) == (0, 0, 0)
    private = [ContentType.objects.get_for_model(m) for m in (Ballot, BallotMark, Participation, VoterCode)]
    assert not LogEntry.objects.filter(content_type__in=private).exists()
    during = LogEntry.objects.filter(timestamp__gt=session.opened_at, timestamp__lt=session.closed_at)
    assert [(e.content_type.model, e.object_pk, e.changes["status"]) for e in during] == [
        ("ballotsession", str(session.pk), ["draft", "open"])
    ]

    close_xid = {xmin for (xmin,) in fetch("SELECT DISTINCT xmin::text FROM voting_ballot")}
    assert len(close_xid) == 1
    assert {xmin for (xmin,) in fetch("SELECT DISTINCT xmin::text FROM voting_ballotmark")} == close_xid
    with extensions("pageinspect", "pgstattuple") as superuser:
        if not superuser:
            pytest.skip("the database user is not a superuser: the pages cannot be read")
        for table in BALLOT_TABLES:
            assert fetch("SELECT tuple_count, dead_tuple_count FROM pgstattuple(%s)", [table]) == [
                (100 if table == "voting_ballot" else 800, 0)
            ]
        keys = {uuid.UUID(key).bytes for key in author}
        (xid,) = close_xid
        pointers, written = page_traces("voting_ballot", "id", keys)
        assert (pointers, written) == ({(1, xid): 100}, {xid: 100})
        pointers, written = page_traces("voting_ballotmark", "ballot_id", keys)
        assert (pointers, written) == ({(1, xid): 800}, {xid: 800})


def test_a_snapshot_older_than_the_close_delays_the_rewrite_of_the_ballots_but_does_not_defeat_it(
    transactional_db, monkeypatch
):
    """While a transaction that began before the close still runs (autovacuum's ANALYZE after the vote, a long
    report), the rewrite must keep the replaced row versions, which carry the casting transactions' ids: the close
    tries again until that transaction ends, and then no old version is left in the pages."""
    from voting.services import ballots as ballot_services

    room, session, codes, candidates = open_room(units=4, per_unit=5, name="Cụm ảnh chụp cũ", candidates=3, quota=3)
    for pattern, code in enumerate(codes.values()):
        services.ballot_cast(session=session, code=code, marks=marks_of(pattern % 8, candidates))
    cast_xids = {xmin for (xmin,) in fetch("SELECT xmin::text FROM voting_ballot")}
    attempts = []
    real = ballot_services._cluster

    def spy(table: str) -> bool:
        attempts.append((table, real(table)))
        return attempts[-1][1]

    monkeypatch.setattr(ballot_services, "_cluster", spy)
    started, release = threading.Event(), threading.Event()

    def old_snapshot():
        try:
            with transaction.atomic():
                execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                # Its snapshot is taken now; it reads no ballot table, so it holds no lock against the rewrite.
                assert fetch("SELECT count(*) FROM voting_participation") == [(20,)]
                started.set()
                release.wait(timeout=TIMEOUT)
        finally:
            connection.close()

    autovacuum_idle()  # the only older snapshot is the one this test holds
    holder = threading.Thread(target=old_snapshot)
    holder.start()
    try:
        assert started.wait(timeout=TIMEOUT)
        threading.Timer(1.0, release.set).start()
        services.session_close(actor=room.board, session=session)
    finally:
        release.set()
        holder.join(timeout=TIMEOUT)
    # Kept at first, then done again until clean.
    assert attempts[:2] == [("voting_ballot", True), ("voting_ballotmark", True)]
    assert dict(attempts) == {"voting_ballot": False, "voting_ballotmark": False}
    with extensions("pageinspect", "pgstattuple") as superuser:
        if not superuser:
            pytest.skip("the database user is not a superuser: the pages cannot be read")
        assert fetch("SELECT dead_tuple_count FROM pgstattuple('voting_ballot')") == [(0,)]
        assert fetch("SELECT dead_tuple_count FROM pgstattuple('voting_ballotmark')") == [(0,)]
        xmins = {
            xmin
            for table in BALLOT_TABLES
            for block in range(fetch("SELECT pg_relation_size(%s)", [table])[0][0] // PAGE)
            for (xmin,) in fetch("SELECT t_xmin::text FROM heap_page_items(get_raw_page(%s, %s))", [table, block])
        }
        assert len(xmins) == 1 and not xmins & cast_xids
