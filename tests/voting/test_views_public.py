"""The ballot over HTTP, as a delegate's phone (and the load tests) use it: the page, the exact status codes of the
contract, the code-only start page, the receipt lookup, and the secrecy rules (no session, no cache, no log)."""

import logging
import re
import threading

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse

from voting import services
from voting.models import Ballot, BallotMark, BallotSession, Participation
from voting.services import PoolInput

from .conftest import make_room

Status = BallotSession.Status
USED = "Mã này đã được dùng: mỗi đại biểu chỉ bỏ phiếu một lần."
WRONG = "Mã bỏ phiếu không đúng."
CLOSED = "Phiên bỏ phiếu không mở: không nhận phiếu."


def draft_session(room, *, quota=2, units=None, title=None, pool="Các Vụ", **settings) -> BallotSession:
    """A session of the room's conference (by default the sector banner, the first four units, quota 2)."""
    return services.session_create(
        actor=room.board,
        conference=room.conference,
        title=title or room.sector(),
        pools=[PoolInput(name=pool, quota=quota, units=units or room.units[:4])],
        **settings,
    )


def open_session(room, **options):
    """A session (see draft_session) opened with every delegate present: (session, {delegate id: code})."""
    if not any(d.present_at for d in room.conference.delegates.all()):
        room.check_in()
    session = draft_session(room, **options)
    return session, services.session_open(actor=room.board, session=session)


def candidate_ids(session) -> list[int]:
    return list(session.candidates.order_by("order").values_list("pk", flat=True))


def ballot_url(session) -> str:
    return reverse("ballot", args=[session.pk])


def text(response) -> str:
    return response.content.decode()


def page_errors(response) -> list[str]:
    """The messages of the page's error box, as the voter reads them."""
    box = re.search(r'<div class="form-errors"[^>]*>(.*?)</div>', text(response), re.S)
    return re.findall(r"<p>(.*?)</p>", box.group(1)) if box else []


def receipt_of(response) -> str:
    return re.search(r'data-receipt="([A-Z0-9]+)"', text(response)).group(1)


@pytest.fixture
def voting_room(db):
    room = make_room()
    session, codes = open_session(room)
    room.session, room.codes = session, [codes[d.pk] for d in room.delegates]
    room.candidates = candidate_ids(session)
    return room


# The page --------------------------------------------------------------------------------------------------------


def test_the_ballot_page_shows_the_session_and_each_candidate_not_agreed_by_default(client, voting_room):
    session, c = voting_room.session, voting_room.candidates
    response = client.get(ballot_url(session))
    assert response.status_code == 200
    body = text(response)
    assert "Phiếu bầu «Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)»" in body
    assert voting_room.conference.name in body
    assert '<legend class="ballot-pool-name">Các Vụ</legend>' in body
    assert "Đồng ý tối đa 2 ứng viên." in body
    for unit, cid in zip(voting_room.units[:4], c, strict=True):
        assert f'<span class="candidate-name">{unit.name}</span>' in body
        assert f'<input type="radio" name="c{cid}" value="0" checked>' in body
        assert f'<input type="radio" name="c{cid}" value="1" data-agree>' in body
    assert 'name="code"' in body and 'name="csrfmiddlewaretoken"' in body
    assert f'action="{ballot_url(session)}"' in body
    assert "no-store" in response["Cache-Control"]
    assert "csrftoken" in response.cookies


def test_the_choose_form_has_a_checkbox_per_candidate_and_its_limit(client, db):
    room = make_room()
    session, _codes = open_session(room, quota=3, ballot_form=BallotSession.Form.CHOOSE)
    body = text(client.get(ballot_url(session)))
    assert "Chọn tối đa 3 ứng viên." in body
    for cid in candidate_ids(session):
        assert f'<input type="checkbox" name="c{cid}" value="1" data-agree>' in body
    assert 'type="radio"' not in body
    assert 'data-template="Đã chọn {n}/3"' in body


def test_a_session_not_open_says_so_on_get(client, db):
    room = make_room()
    room.check_in()
    session = draft_session(room)
    response = client.get(ballot_url(session))
    assert response.status_code == 200
    assert "<h2>Phiên chưa mở</h2>" in text(response)
    services.session_open(actor=room.board, session=session)
    services.session_close(actor=room.board, session=session)
    response = client.get(ballot_url(session))
    assert response.status_code == 200
    assert "<h2>Phiên đã kết thúc</h2>" in text(response)
    assert 'name="code"' not in text(response)


def test_an_unknown_session_is_404(client, db):
    assert client.get(reverse("ballot", args=[999999])).status_code == 404
    assert client.post(reverse("ballot", args=[999999]), {"code": "ABCDEFGHJK"}).status_code == 404


# The contract ----------------------------------------------------------------------------------------------------


def test_a_ballot_is_cast_and_its_receipt_shown_in_the_answer(client, voting_room):
    session, c = voting_room.session, voting_room.candidates
    response = client.post(
        ballot_url(session), {"code": voting_room.codes[0], f"c{c[0]}": "1", f"c{c[1]}": "0", f"c{c[2]}": "1"}
    )
    assert response.status_code == 200
    receipt = receipt_of(response)
    ballot = Ballot.objects.get(session=session)
    assert ballot.receipt == receipt
    assert ballot.is_valid is True
    assert sorted(ballot.marks.values_list("candidate_id", "agree")) == [
        (c[0], True),
        (c[1], False),
        (c[2], True),
        (c[3], False),
    ]
    body = text(response)
    assert "Đã nhận phiếu của bạn" in body
    assert reverse("ballot_receipt") in body
    assert "no-store" in response["Cache-Control"]
    # The receipt is in the page only: no redirect, no cookie carries it.
    assert all(receipt not in morsel.value for morsel in response.cookies.values())


def test_a_code_typed_in_lower_case_with_dashes_works(client, voting_room):
    code = voting_room.codes[0]
    typed = f"{code[:5].lower()}-{code[5:]}"
    response = client.post(ballot_url(voting_room.session), {"code": typed})
    assert response.status_code == 200
    assert Ballot.objects.get().marks.filter(agree=True).count() == 0


def test_a_second_use_of_the_code_is_409_and_stores_nothing(client, voting_room):
    session, c = voting_room.session, voting_room.candidates
    assert client.post(ballot_url(session), {"code": voting_room.codes[0], f"c{c[0]}": "1"}).status_code == 200
    response = client.post(ballot_url(session), {"code": voting_room.codes[0], f"c{c[1]}": "1"})
    assert response.status_code == 409
    assert page_errors(response) == [USED]
    assert 'name="code"' in text(response)  # the form again
    assert Ballot.objects.filter(session=session).count() == 1
    assert BallotMark.objects.filter(ballot__session=session, agree=True).get().candidate_id == c[0]
    assert Participation.objects.filter(session=session).count() == 1


def test_a_double_submission_gives_one_ballot_and_one_409(voting_room):
    """The same form sent twice (a double click without JavaScript): the database lets one through."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(ballot_url(voting_room.session))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(page)).group(1)
    data = {"csrfmiddlewaretoken": token, "code": voting_room.codes[1], f"c{voting_room.candidates[0]}": "1"}
    statuses = [client.post(ballot_url(voting_room.session), data).status_code for _ in range(2)]
    assert statuses == [200, 409]
    assert Ballot.objects.filter(session=voting_room.session).count() == 1


@pytest.mark.postgres
def test_two_submissions_at_the_same_moment_store_one_ballot(transactional_db):
    room = make_room(size=3, name="Cụm gửi hai lần")
    session, codes = open_session(room)
    code = codes[room.delegates[0].pk]
    barrier = threading.Barrier(4)
    statuses: list[int] = []

    def submit():
        try:
            barrier.wait(timeout=10)
            statuses.append(Client().post(ballot_url(session), {"code": code}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200, 409, 409, 409]
    assert Ballot.objects.filter(session=session).count() == 1
    assert Participation.objects.filter(session=session).count() == 1


def test_the_post_needs_the_pages_csrf_token(voting_room):
    client = Client(enforce_csrf_checks=True)
    client.get(ballot_url(voting_room.session))
    response = client.post(ballot_url(voting_room.session), {"code": voting_room.codes[0]})
    assert response.status_code == 403
    assert Ballot.objects.count() == 0


def test_a_closed_session_refuses_the_ballot_with_409(client, voting_room):
    services.session_close(actor=voting_room.board, session=voting_room.session)
    response = client.post(ballot_url(voting_room.session), {"code": voting_room.codes[0]})
    assert response.status_code == 409
    assert page_errors(response) == [CLOSED]
    assert Ballot.objects.count() == 0
    assert Participation.objects.count() == 0


def test_a_delegate_who_took_a_paper_ballot_gets_409(client, voting_room):
    services.papers_issue(actor=voting_room.board, session=voting_room.session, delegates=[voting_room.delegates[0]])
    response = client.post(ballot_url(voting_room.session), {"code": voting_room.codes[0]})
    assert response.status_code == 409
    assert page_errors(response) == ["Đại biểu đã nhận phiếu giấy: mã điện tử không còn dùng được."]
    assert Ballot.objects.count() == 0


def test_a_wrong_code_is_400(client, voting_room):
    response = client.post(ballot_url(voting_room.session), {"code": "ABCDEFGHJK"})
    assert response.status_code == 400
    assert page_errors(response) == [WRONG]
    assert Ballot.objects.count() == 0
    assert Participation.objects.count() == 0


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Mã bỏ phiếu: hãy nhập mã in trên phiếu mã của đại biểu."),
        ("ABC", "Mã bỏ phiếu: mã gồm 10 chữ cái và chữ số in trên phiếu mã của đại biểu."),
        ("ABCDEFGHI1", "Mã bỏ phiếu: mã gồm 10 chữ cái và chữ số in trên phiếu mã của đại biểu."),
        ("X" * 65, "Mã bỏ phiếu: mã quá dài."),
    ],
)
def test_a_malformed_code_is_400_naming_the_field(client, voting_room, code, message):
    response = client.post(ballot_url(voting_room.session), {"code": code})
    assert response.status_code == 400
    assert page_errors(response) == [message]
    assert Ballot.objects.count() == 0


def test_a_code_of_another_session_is_refused(client, voting_room):
    other, codes = open_session(voting_room, title=voting_room.government(), units=voting_room.units[:2], quota=1)
    response = client.post(ballot_url(voting_room.session), {"code": codes[voting_room.delegates[0].pk]})
    assert response.status_code == 400
    assert page_errors(response) == [WRONG]
    # In its own session the same code works.
    assert client.post(ballot_url(other), {"code": codes[voting_room.delegates[0].pk]}).status_code == 200
    assert list(Ballot.objects.values_list("session_id", flat=True)) == [other.pk]


def test_a_bad_mark_is_400_naming_the_candidate(client, voting_room):
    c = voting_room.candidates
    response = client.post(ballot_url(voting_room.session), {"code": voting_room.codes[0], f"c{c[1]}": "2"})
    assert response.status_code == 400
    assert page_errors(response) == [f"«{voting_room.units[1].name}»: chỉ nhận «Đồng ý» (1) hoặc «Không đồng ý» (0)."]
    assert Ballot.objects.count() == 0


def test_a_mark_for_a_candidate_of_no_session_here_is_400(client, voting_room):
    other, _codes = open_session(voting_room, title=voting_room.government(), units=voting_room.units[:2], quota=1)
    foreign = candidate_ids(other)[0]
    response = client.post(ballot_url(voting_room.session), {"code": voting_room.codes[0], f"c{foreign}": "1"})
    assert response.status_code == 400
    assert page_errors(response) == ["Phiếu có ứng viên không thuộc phiên này."]
    assert Ballot.objects.count() == 0
    assert Participation.objects.count() == 0


def test_an_over_quota_ballot_is_accepted_and_stored_invalid(client, voting_room):
    c = voting_room.candidates
    marks = {f"c{cid}": "1" for cid in c[:3]}  # 3 "agree" for a quota of 2
    response = client.post(ballot_url(voting_room.session), {"code": voting_room.codes[0], **marks})
    assert response.status_code == 200
    ballot = Ballot.objects.get(receipt=receipt_of(response))
    assert ballot.is_valid is False
    assert ballot.marks.filter(agree=True).count() == 3
    assert "được tính là phiếu không hợp lệ" in text(response)


def test_the_page_warns_of_an_over_quota_ballot_when_it_comes_back(client, voting_room):
    """A ballot sent back (here for a mistyped code) keeps its marks and says it would be invalid."""
    c = voting_room.candidates
    marks = {f"c{cid}": "1" for cid in c[:3]}
    response = client.post(ballot_url(voting_room.session), {"code": "ABCDEFGHJK", **marks})
    assert response.status_code == 400
    body = text(response)
    assert re.search(r'<div class="notice-warning ballot-warning" data-over-quota role="alert">', body)
    assert "Đồng ý nhiều hơn số lượng được bầu ở nhóm: <span data-over-quota-text>«Các Vụ»</span>" in body
    for cid in c[:3]:
        assert f'<input type="radio" name="c{cid}" value="1" checked data-agree>' in body
    assert f'<input type="radio" name="c{c[3]}" value="0" checked>' in body


def test_get_and_put_other_than_the_contract_are_refused(client, voting_room):
    assert client.put(ballot_url(voting_room.session)).status_code == 405


# Secrecy ---------------------------------------------------------------------------------------------------------


def test_voting_writes_no_session_and_no_cookie_but_the_csrf_token(client, voting_room):
    before = Session.objects.count()
    page = client.get(ballot_url(voting_room.session))
    cast = client.post(ballot_url(voting_room.session), {"code": voting_room.codes[0]})
    again = client.post(ballot_url(voting_room.session), {"code": voting_room.codes[0]})
    start = client.post(reverse("ballot_start"), {"code": voting_room.codes[1]})
    assert [r.status_code for r in (page, cast, again, start)] == [200, 200, 409, 200]
    assert Session.objects.count() == before
    for response in (page, cast, again, start):
        assert set(response.cookies) <= {"csrftoken"}
        assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in client.cookies


def test_nothing_about_the_code_or_the_marks_is_logged(client, voting_room, caplog):
    c = voting_room.candidates
    code = voting_room.codes[0]
    with caplog.at_level(logging.DEBUG):
        ok = client.post(ballot_url(voting_room.session), {"code": code, f"c{c[0]}": "1"})
        client.post(ballot_url(voting_room.session), {"code": code, f"c{c[0]}": "1"})
        client.post(ballot_url(voting_room.session), {"code": "ABCDEFGHJK", f"c{c[1]}": "1"})
    receipt = receipt_of(ok)
    logged = "\n".join(f"{r.getMessage()} {r.args!r} {getattr(r, 'request', '')!r}" for r in caplog.records)
    for secret in (code, receipt, "ABCDEFGHJK", f"c{c[0]}"):
        assert secret not in logged


# Without the QR code ---------------------------------------------------------------------------------------------


def test_the_start_page_asks_for_a_code(client, db):
    response = client.get(reverse("ballot_start"))
    assert response.status_code == 200
    assert '<h1 class="page-title">Bỏ phiếu bằng mã</h1>' in text(response)
    assert "no-store" in response["Cache-Control"]


def test_a_typed_code_finds_its_open_session_and_fills_the_ballot(client, voting_room):
    other, codes = open_session(voting_room, title=voting_room.government(), units=voting_room.units[:2], quota=1)
    code = codes[voting_room.delegates[2].pk]
    response = client.post(reverse("ballot_start"), {"code": code.lower()})
    assert response.status_code == 200
    body = text(response)
    assert "Phiếu bầu «Cờ thi đua của Chính phủ»" in body
    assert f'action="{ballot_url(other)}"' in body
    assert f'value="{code}"' in body
    # What the page posts is the ordinary ballot.
    assert client.post(ballot_url(other), {"code": code}).status_code == 200


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ABCDEFGHJK", "Mã bỏ phiếu không đúng, hoặc phiên bỏ phiếu của mã này không mở."),
        ("", "Mã bỏ phiếu: hãy nhập mã in trên phiếu mã của đại biểu."),
        ("12", "Mã bỏ phiếu: mã gồm 10 chữ cái và chữ số in trên phiếu mã của đại biểu."),
    ],
)
def test_an_unknown_code_on_the_start_page_is_400(client, voting_room, code, message):
    response = client.post(reverse("ballot_start"), {"code": code})
    assert response.status_code == 400
    assert page_errors(response) == [message]


def test_the_code_of_a_closed_session_finds_nothing(client, voting_room):
    services.session_close(actor=voting_room.board, session=voting_room.session)
    response = client.post(reverse("ballot_start"), {"code": voting_room.codes[0]})
    assert response.status_code == 400
    assert page_errors(response) == ["Mã bỏ phiếu không đúng, hoặc phiên bỏ phiếu của mã này không mở."]


# The receipt -----------------------------------------------------------------------------------------------------


def cast(client, room, index: int, agree: list[int]) -> str:
    data = {"code": room.codes[index], **{f"c{cid}": "1" for cid in agree}}
    return receipt_of(client.post(ballot_url(room.session), data))


def test_the_receipt_shows_nothing_before_the_close(client, voting_room):
    receipt = cast(client, voting_room, 0, [voting_room.candidates[0]])
    response = client.get(reverse("ballot_receipt"), {"r": receipt})
    assert response.status_code == 200
    body = text(response)
    assert "Phiên chưa kết thúc: nội dung phiếu chỉ được công bố sau khi chủ trì đóng phiên bỏ phiếu." in body
    assert "data-mark=" not in body
    assert "no-store" in response["Cache-Control"]


def test_after_the_close_the_receipt_shows_the_ballot_as_stored_and_that_the_chain_verifies(client, voting_room):
    c = voting_room.candidates
    receipt = cast(client, voting_room, 0, [c[1], c[3]])
    cast(client, voting_room, 1, [c[0]])
    services.session_close(actor=voting_room.board, session=voting_room.session)
    ballot = Ballot.objects.get(receipt=receipt)
    for response in (
        client.get(reverse("ballot_receipt"), {"r": receipt.lower()}),
        client.post(reverse("ballot_receipt"), {"r": receipt}),
    ):
        assert response.status_code == 200
        body = text(response)
        assert re.findall(r'<tr data-mark="([01])">', body) == ["0", "1", "0", "1"]
        assert 'data-valid="true">Phiếu hợp lệ' in body
        assert f'<code class="hash">{ballot.chain_hash}</code>' in body
        assert 'data-verified="true">✓ Tính lại từ các phiếu đã lưu: khớp với mã băm đã công bố.' in body
        # Nothing about who: the delegates of the units that are not candidates appear nowhere.
        assert [u.name for u in voting_room.units[4:] if u.name in body] == []


def test_a_tampered_ballot_shows_the_chain_broken(client, voting_room):
    receipt = cast(client, voting_room, 0, [voting_room.candidates[0]])
    services.session_close(actor=voting_room.board, session=voting_room.session)
    BallotMark.objects.filter(ballot__receipt=receipt, agree=True).update(agree=False)
    body = text(client.get(reverse("ballot_receipt"), {"r": receipt}))
    assert 'data-verified="false">✗ Tính lại từ các phiếu đã lưu: không khớp với mã băm đã công bố.' in body


def test_an_unknown_or_malformed_receipt_says_so(client, db):
    response = client.get(reverse("ballot_receipt"), {"r": "ABCDEFGHJKMN"})
    assert response.status_code == 404
    assert page_errors(response) == ["Không tìm thấy phiếu nào có mã biên nhận này."]
    response = client.get(reverse("ballot_receipt"), {"r": "ABC"})
    assert response.status_code == 400
    assert page_errors(response) == ["Mã biên nhận: mã gồm 12 chữ cái và chữ số hiện ra sau khi bỏ phiếu."]
    response = client.get(reverse("ballot_receipt"))
    assert response.status_code == 200
    assert page_errors(response) == []
