"""The room's screen (turnout only until counted), the verification page and the JSON bulletin: who may see them,
what they show before and after the close, and that an outside script recomputes the chain, the fingerprint and
the totals from the bulletin alone."""

import hashlib
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from thidua.org.models import Role
from voting import services
from voting.models import Ballot, BallotMark, BallotSession, Participation

from .conftest import make_room
from .test_views_public import ballot_url, candidate_ids, draft_session, open_session, receipt_of, text

Status = BallotSession.Status
SCREEN_KEYS = {"status", "status_label", "entitled", "present", "voted", "share", "counted"}


@pytest.fixture
def hall(db):
    """A room whose session is open, a member unit's staff (who may see it) and an outsider (who may not)."""
    room = make_room()
    session, codes = open_session(room)
    room.session, room.codes, room.candidates = session, [codes[d.pk] for d in room.delegates], candidate_ids(session)
    room.member = factories.user(role=Role.UNIT_STAFF, unit_=room.units[2])
    room.outsider = factories.user(role=Role.UNIT_STAFF, unit_=factories.unit("Vụ ngoài cụm"))
    return room


def vote(client, room, index: int, agree) -> str:
    data = {"code": room.codes[index], **{f"c{cid}": "1" for cid in agree}}
    response = client.post(ballot_url(room.session), data)
    assert response.status_code == 200
    return receipt_of(response)


def cast_some(client, room) -> list[str]:
    """Five of the six delegates vote; the third marks three "agree" for a quota of 2 (an invalid ballot)."""
    c = room.candidates
    plans = [[c[0], c[1]], [c[0]], [c[0], c[1], c[2]], [c[0], c[3]], []]
    return [vote(client, room, i, plan) for i, plan in enumerate(plans)]


def screen_url(session, name="session_screen") -> str:
    return reverse(name, args=[session.pk])


def close_and_count(room) -> None:
    services.session_close(actor=room.board, session=room.session)
    services.session_count(actor=room.board, session=room.session)
    room.session.refresh_from_db()


# Who may see --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["session_screen", "session_screen_status", "session_verify", "session_bulletin"])
def test_the_screen_and_verification_need_a_login(client, hall, name):
    response = client.get(screen_url(hall.session, name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["session_screen", "session_screen_status", "session_verify", "session_bulletin"])
def test_a_user_outside_the_cluster_gets_404(client, hall, name):
    close_and_count(hall)
    client.force_login(hall.outsider)
    assert client.get(screen_url(hall.session, name)).status_code == 404


@pytest.mark.parametrize("name", ["session_screen", "session_screen_status", "session_verify", "session_bulletin"])
def test_those_who_may_see_cannot_act_here(client, hall, name):
    """Read-only pages: a member of the cluster sees them, and nothing is done by posting to them."""
    client.force_login(hall.member)
    assert client.get(screen_url(hall.session, name)).status_code in (200, 409)
    assert client.post(screen_url(hall.session, name)).status_code == 405


# The room screen ------------------------------------------------------------------------------------------------


def test_the_screen_shows_turnout_and_no_vote_figure_while_open(client, hall):
    cast_some(client, hall)
    client.force_login(hall.member)
    response = client.get(screen_url(hall.session))
    assert response.status_code == 200
    body = text(response)
    assert '<dd data-field="entitled">6</dd>' in body
    assert '<dd data-field="present">6</dd>' in body
    assert '<dd data-field="voted">5</dd>' in body
    assert '<span data-field="share">83</span>%' in body
    assert "Đang bỏ phiếu" in body
    assert "Phiếu kín: kết quả chỉ được hiển thị sau khi kiểm phiếu." in body
    assert "data-votes" not in body and "Số phiếu đồng ý" not in body and "hợp lệ" not in body
    status = client.get(screen_url(hall.session, "session_screen_status")).json()
    assert status == {
        "status": "open",
        "status_label": "Đang bỏ phiếu",
        "entitled": 6,
        "present": 6,
        "voted": 5,
        "share": 83,
        "counted": False,
    }


def test_the_screen_json_has_no_vote_figure_until_counted(client, hall):
    cast_some(client, hall)
    client.force_login(hall.member)
    services.session_close(actor=hall.board, session=hall.session)
    for _moment in ("closed", "counted"):
        data = client.get(screen_url(hall.session, "session_screen_status")).json()
        assert set(data) == SCREEN_KEYS
        assert (data["voted"], data["present"]) == (5, 6)
        if _moment == "closed":
            assert data["status"] == "closed"
            assert "data-votes" not in text(client.get(screen_url(hall.session)))
            services.session_count(actor=hall.board, session=hall.session)


def test_after_the_count_the_screen_shows_the_results(client, hall):
    cast_some(client, hall)
    close_and_count(hall)
    client.force_login(hall.member)
    body = text(client.get(screen_url(hall.session)))
    # 4 valid ballots: c0 3 votes (75%), c1 1, c3 1 (25%: not more than half), c2 0.
    rows = re.findall(r'<tr data-candidate="(\d+)" data-passed="(true|false)">.*?data-votes>(\d+)</td>', body, re.S)
    c = hall.candidates
    assert rows == [
        (str(c[0]), "true", "3"),
        (str(c[1]), "false", "1"),
        (str(c[3]), "false", "1"),
        (str(c[2]), "false", "0"),
    ]
    assert "Số phiếu thu vào: 5 · hợp lệ: 4 · không hợp lệ: 1" in body
    assert '<td data-label="Tỷ lệ" class="num">75,00%</td>' in body
    assert "Phiếu kín: kết quả chỉ được hiển thị" not in body


def test_a_draft_screen_counts_the_checked_in(client, db):
    room = make_room()
    room.check_in(4)
    session = draft_session(room)
    client.force_login(room.board)
    data = client.get(screen_url(session, "session_screen_status")).json()
    assert data == {
        "status": "draft",
        "status_label": "Chuẩn bị",
        "entitled": 6,
        "present": 4,
        "voted": 0,
        "share": 0,
        "counted": False,
    }


# The verification page ------------------------------------------------------------------------------------------


def test_before_the_close_verification_says_it_is_not_published(client, hall):
    cast_some(client, hall)
    client.force_login(hall.member)
    response = client.get(screen_url(hall.session, "session_verify"))
    assert response.status_code == 200
    body = text(response)
    assert re.search(r"data-not-published>Phiên «.*» chưa kết thúc bỏ phiếu \(đang: «Đang bỏ phiếu»\)", body)
    assert "data-ballot=" not in body and "Đại biểu đã bỏ phiếu" not in body
    response = client.get(screen_url(hall.session, "session_bulletin"))
    assert response.status_code == 409
    assert set(response.json()) == {"error"}


def test_after_the_close_the_page_lists_who_voted_and_every_ballot(client, hall):
    receipts = cast_some(client, hall)
    services.papers_issue(actor=hall.board, session=hall.session, delegates=[hall.delegates[5]])
    services.session_close(actor=hall.board, session=hall.session)
    client.force_login(hall.member)
    body = text(client.get(screen_url(hall.session, "session_verify")))
    hall.session.refresh_from_db()
    assert f'<code class="hash" data-chain-head>{hall.session.chain_head}</code>' in body
    assert f'<code class="hash" data-fingerprint>{hall.session.entitled_fingerprint}</code>' in body
    assert 'data-chain-ok="true">✓ khớp' in body
    assert 'data-ok="true">✓ khớp với danh sách đại biểu công bố khi đóng phiên' in body
    assert "data-final-head" not in body and "data-recount-ok" not in body  # not counted yet
    # Who voted, by unit name, with how they took part; never how they voted.
    voters = re.findall(r'<td data-label="Đơn vị">(.*?)</td>.*?<td data-label="Hình thức">(.*?)</td>', body, re.S)
    assert voters == [(f"Vụ thử số {i}", "Bỏ phiếu điện tử") for i in range(1, 6)] + [
        ("Vụ thử số 6", "Nhận phiếu giấy")
    ]
    # Every ballot, in receipt order, with its chain hash.
    assert re.findall(r'<tr data-ballot="([A-Z0-9]+)">', body) == sorted(receipts)
    for receipt, chain_hash in Ballot.objects.filter(session=hall.session).values_list("receipt", "chain_hash"):
        assert re.search(rf'data-ballot="{receipt}">.*?<code class="hash">{chain_hash}</code>', body, re.S)
    assert body.count("(không đồng ý ứng viên nào)") == 1


def test_after_the_count_the_recount_from_the_published_ballots_matches(client, hall):
    cast_some(client, hall)
    close_and_count(hall)
    client.force_login(hall.member)
    body = text(client.get(screen_url(hall.session, "session_verify")))
    assert 'data-recount-ok="true">✓ Kết quả tính lại từ các phiếu công bố khớp với kết quả đã lưu.' in body
    assert f'<code class="hash" data-final-head>{hall.session.final_head}</code>' in body
    c = hall.candidates
    lines = re.findall(r'<tr data-recount="(\w+)"><th scope="row">.*?</th><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td>', body)
    assert lines == [("valid", "4", "4"), ("invalid", "1", "1")] + [
        (str(c[0]), "3", "3"),
        (str(c[1]), "1", "1"),
        (str(c[2]), "0", "0"),
        (str(c[3]), "1", "1"),
    ]


def test_a_changed_mark_shows_up_as_not_matching(client, hall):
    receipts = cast_some(client, hall)
    close_and_count(hall)
    # Someone with database access turns a "not agree" into an "agree" after the count.
    BallotMark.objects.filter(ballot__receipt=receipts[1], candidate_id=hall.candidates[3]).update(agree=True)
    client.force_login(hall.member)
    body = text(client.get(screen_url(hall.session, "session_verify")))
    assert 'data-chain-ok="false">✗ không khớp' in body
    assert 'data-recount-ok="false">✗ Kết quả tính lại từ các phiếu công bố không khớp với kết quả đã lưu.' in body


def test_the_verification_page_reads_the_same_number_of_queries_for_1_or_many_ballots(client, db):
    room = make_room(size=8)
    client.force_login(room.board)

    def queries(title, voters: int) -> int:
        session, codes = open_session(room, title=title)
        c = candidate_ids(session)
        for index, delegate in enumerate(room.delegates[:voters]):
            client.post(ballot_url(session), {"code": codes[delegate.pk], f"c{c[index % 4]}": "1"})
        services.session_close(actor=room.board, session=session)
        services.session_count(actor=room.board, session=session)
        client.get(screen_url(session, "session_verify"))  # warm the caches (content types, the user's scope)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(screen_url(session, "session_verify"))
        assert response.status_code == 200
        assert text(response).count('<tr data-ballot="') == voters
        return len(captured)

    assert queries(room.sector(), 1) == queries(room.government(), 8)


# The bulletin ---------------------------------------------------------------------------------------------------


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def recompute(data: dict) -> dict:
    """What an outside script does with the bulletin alone (plain hashlib, no project code)."""
    sid = data["session"]["id"]
    link = sha(f"session:{sid}")
    assert link == data["chain"]["start"]
    heads = {}
    for source in ("electronic", "paper"):
        for ballot in (b for b in data["ballots"] if b["source"] == source):
            content = ",".join(
                f"{cid}:{agree}" for cid, agree in sorted((int(k), v) for k, v in ballot["marks"].items())
            )
            digest = sha(f"{sid}|{ballot['receipt']}|{int(ballot['valid'])}|{content}")
            link = sha(link + digest)
            assert ballot["chain_hash"] == link, ballot["receipt"]
        heads[source] = link
    paper = data["paper_totals"]
    if paper:
        totals_text = ",".join(
            f"{cid}:{votes}" for cid, votes in sorted((int(k), v) for k, v in paper["totals"].items())
        )
        heads["paper"] = sha(
            heads["paper"] + sha(f"{sid}|paper|{paper['returned']}|{paper['valid']}|{paper['invalid']}|{totals_text}")
        )
    valid = [b for b in data["ballots"] if b["valid"]]
    votes = {c["id"]: sum(b["marks"][str(c["id"])] for b in valid) for c in data["candidates"]}
    if paper:
        for cid, n in paper["totals"].items():
            votes[int(cid)] += n
    return {
        "head": heads["electronic"],
        "final_head": heads["paper"],
        "fingerprint": sha("\n".join(data["entitled"]["lines"])),
        "valid": len(valid) + (paper["valid"] if paper else 0),
        "invalid": len(data["ballots"]) - len(valid) + (paper["invalid"] if paper else 0),
        "votes": votes,
    }


def test_the_bulletin_lets_anyone_recompute_the_chain_and_the_totals(client, hall):
    cast_some(client, hall)
    services.papers_issue(actor=hall.board, session=hall.session, delegates=[hall.delegates[5]])
    services.session_close(actor=hall.board, session=hall.session)
    c = hall.candidates
    services.paper_ballot_enter(actor=hall.board, session=hall.session, paper_number=1, marks={c[2]: True, c[3]: True})
    services.session_count(actor=hall.board, session=hall.session)
    hall.session.refresh_from_db()
    client.force_login(hall.member)
    response = client.get(screen_url(hall.session, "session_bulletin"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert set(data) == {
        "session",
        "settings",
        "pools",
        "candidates",
        "entitled",
        "voters",
        "ballots",
        "paper_totals",
        "chain",
        "result",
    }
    assert data["settings"] == {
        "quorum": [2, 3],
        "threshold_percent": "50.00",
        "threshold_base": "valid",
        "threshold_comparison": "more_than",
        "tie_rule": "runoff",
        "ballot_form": "agree",
        "entitled_count": 6,
        "present_count": 6,
    }
    assert [b["source"] for b in data["ballots"]] == ["electronic"] * 5 + ["paper"]
    assert data["ballots"][-1]["paper_number"] == 1
    assert "id" not in data["ballots"][0]  # a ballot's key is not published
    assert data["voters"][-1] == {"unit": "Vụ thử số 6", "name": "", "channel": "paper"}

    again = recompute(data)
    assert again["head"] == data["chain"]["head"] == hall.session.chain_head
    assert again["final_head"] == data["chain"]["final_head"] == hall.session.final_head
    assert again["fingerprint"] == data["entitled"]["fingerprint"] == hall.session.entitled_fingerprint
    assert (again["valid"], again["invalid"]) == (data["result"]["valid"], data["result"]["invalid"]) == (5, 1)
    assert again["votes"] == {cand["id"]: cand["votes"] for cand in data["candidates"]}
    assert again["votes"] == {c[0]: 3, c[1]: 1, c[2]: 1, c[3]: 2}


def test_the_bulletin_with_paper_totals_recomputes_the_final_head(client, hall):
    cast_some(client, hall)
    services.papers_issue(actor=hall.board, session=hall.session, delegates=[hall.delegates[5]])
    services.session_close(actor=hall.board, session=hall.session)
    c = hall.candidates
    services.paper_totals_enter(
        actor=hall.board,
        session=hall.session,
        returned=1,
        valid=1,
        invalid=0,
        totals={c[0]: 1, c[1]: 0, c[2]: 0, c[3]: 1},
    )
    services.session_count(actor=hall.board, session=hall.session)
    hall.session.refresh_from_db()
    client.force_login(hall.member)
    data = client.get(screen_url(hall.session, "session_bulletin")).json()
    assert data["paper_totals"] == {
        "returned": 1,
        "valid": 1,
        "invalid": 0,
        "totals": {str(c[0]): 1, str(c[1]): 0, str(c[2]): 0, str(c[3]): 1},
    }
    again = recompute(data)
    assert again["final_head"] == hall.session.final_head
    assert again["votes"] == {c[0]: 4, c[1]: 1, c[2]: 0, c[3]: 2}
    assert again["votes"] == {cand["id"]: cand["votes"] for cand in data["candidates"]}
    # The page agrees.
    body = text(client.get(screen_url(hall.session, "session_verify")))
    assert 'data-recount-ok="true"' in body


def test_the_bulletin_before_the_count_has_no_results(client, hall):
    cast_some(client, hall)
    services.session_close(actor=hall.board, session=hall.session)
    client.force_login(hall.member)
    data = client.get(screen_url(hall.session, "session_bulletin")).json()
    assert data["result"] is None
    assert all(set(cand) == {"id", "pool", "name", "detail"} for cand in data["candidates"])
    assert recompute(data)["head"] == data["chain"]["head"]
    assert Participation.objects.filter(session=hall.session).count() == len(data["voters"]) == 5
