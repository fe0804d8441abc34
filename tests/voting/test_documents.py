"""The voting app's printed documents: the vote-count minutes (BB) of a cluster's vote (two pools, a paper ballot, a
run-off), of a council's vote and of a vote without quorum; the numbered paper ballots; the services that issue
them; the PDFs rendered in this process (pdftotext, pdffonts), the same bytes for the same data."""

import hashlib
import time
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.awards.decisions_factories import pdf_raw_text
from tests.documents.conftest import eager_celery, media_dir  # noqa: F401
from tests.documents.pdf_checks import (
    A4_POINTS,
    assert_national_format,
    page_size_points,
    pdf_fonts,
    pdf_info,
    pdf_text,
)
from thidua.documents.models import DocumentSeries, RenderedDocument, SignedDocumentError
from thidua.documents.rendering import render_document, render_pdf
from thidua.org.models import Unit
from voting import documents, services
from voting.models import BallotSession
from voting.services import PoolInput

from .conftest import Room, make_room
from .test_results import at_council, council, vote

Status = BallotSession.Status
NUMBER = "01/BB-VTS1"  # the first minutes of the year of the cluster whose leader is "Vụ thử số 1"


# Votes, built through the services ------------------------------------------------------------------------------


def ids(session: BallotSession) -> list[int]:
    return list(session.candidates.order_by("pool__order", "order").values_list("pk", flat=True))


def ministry() -> Unit:
    return Unit.objects.filter(name="Bộ Tư pháp", parent=None).first() or factories.unit(
        "Bộ Tư pháp", unit_kind=factories.kind("bo", "Bộ", "Bộ trưởng")
    )


def committee(room: Room) -> None:
    """The counting committee: the first delegate heads it, the second sits on it."""
    for delegate, name, position, role in (
        (room.delegates[0], "Nguyễn Văn An", "Vụ trưởng", "head"),
        (room.delegates[1], "Lê Thị Bình", "Phó Vụ trưởng", "member"),
    ):
        services.delegate_update(
            actor=room.board, delegate=delegate, full_name=name, position=position, is_voting=True, committee_role=role
        )


def two_pools(room: Room, **settings) -> BallotSession:
    return services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[
            PoolInput(name="Các Vụ tham mưu", quota=1, units=room.units[:2]),
            PoolInput(name="Các Vụ chuyên ngành", quota=2, units=room.units[2:5]),
        ],
        **settings,
    )


def first_round(room: Room, session: BallotSession) -> None:
    """Five electronic ballots (the last over the first pool's quota: invalid) and one paper ballot (number 1). On
    the 5 valid ballots: a0 4, a1 1; b0 4, b1 and b2 3 each, tied for the last place of the second pool."""
    codes = services.session_open(actor=room.board, session=session)
    a0, a1, b0, b1, b2 = ids(session)
    electronic = [{a0, b0, b1}, {a0, b0, b2}, {a0, b0, b1}, {a1, b0, b2}, {a0, a1, b0}]
    for delegate, agreed in zip(room.delegates[:5], electronic, strict=True):
        services.ballot_cast(session=session, code=codes[delegate.pk], marks=dict.fromkeys(agreed, True))
    services.papers_issue(actor=room.board, session=session, delegates=[room.delegates[5]])
    services.session_close(actor=room.board, session=session)
    services.paper_ballot_enter(actor=room.board, session=session, paper_number=1, marks={a0: True, b1: True, b2: True})
    services.session_count(actor=room.board, session=session)


def cluster_vote(*, with_committee: bool = True) -> tuple[Room, BallotSession, BallotSession]:
    """The sector banner at a conference of 6 units, all present: two pools, a paper ballot, then a run-off in the
    second pool (b1 4/6, b2 2/6). Winners: a0; b0 and b1."""
    ministry()
    room = make_room()
    if with_committee:
        committee(room)
    room.check_in()
    session = two_pools(room)
    first_round(room, session)
    runoff = services.session_runoff(actor=room.board, session=session)
    r1, r2 = ids(runoff)
    vote(room, runoff, [{r1: True}] * 4 + [{r2: True}] * 2)
    session.refresh_from_db()
    runoff.refresh_from_db()
    return room, session, runoff


def quorum_not_met() -> tuple[Room, BallotSession]:
    """3 of 6 delegates present (below 2/3), all agreeing with the first candidate; no committee recorded."""
    room = make_room()
    room.check_in(3)
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[PoolInput(name="Các Vụ", quota=2, units=room.units[:3])],
    )
    vote(room, session, [{ids(session)[0]: True}] * 3)
    session.refresh_from_db()
    return room, session


def council_vote(world):
    """The council (5 members, all present) on two nominations for the sector banner: 4/5 and 2/5 of all members."""
    meeting, board = council(5)
    passed, failed = at_council([world.vu_a, world.vu_b])
    session = services.council_session_create(actor=board, conference=meeting, title=passed.title)
    services.delegates_check_in_all(actor=board, conference=meeting)
    candidates = {c.nomination_id: c.pk for c in session.candidates.all()}
    codes = services.session_open(actor=board, session=session)
    for i, code in enumerate(codes.values()):
        services.ballot_cast(
            session=session, code=code, marks={candidates[passed.pk]: i < 4, candidates[failed.pk]: i < 2}
        )
    services.session_close(actor=board, session=session)
    services.session_count(actor=board, session=session)
    session.refresh_from_db()
    return meeting, board, session


def open_two_pools(**settings) -> tuple[Room, BallotSession]:
    room = make_room()
    room.check_in(5)
    session = two_pools(room, **settings)
    services.session_open(actor=room.board, session=session)
    session.refresh_from_db()
    return room, session


def hashes(session: BallotSession) -> str:
    return (
        f"Mã băm cuối chuỗi phiếu điện tử: {session.chain_head}; sau khi nhập phiếu giấy: {session.final_head}; dấu "
        f"vân tay danh sách đại biểu có quyền biểu quyết: {session.entitled_fingerprint}."
    )


FIGURES_ROUND_1 = [
    "Tổng số đại biểu có quyền biểu quyết: 6;",
    "Số đại biểu có mặt: 6;",
    "Số phiếu phát ra: 6 (trong đó phiếu giấy: 1);",
    "Số phiếu thu vào: 6 (bỏ phiếu điện tử: 5, phiếu giấy: 1);",
    "Số phiếu hợp lệ: 5;",
    "Số phiếu không hợp lệ: 1.",
]
QUORUM_MET = (
    "Số đại biểu có mặt (6/6) đạt từ 2/3 tổng số đại biểu có quyền biểu quyết trở lên: cuộc bỏ phiếu có giá trị."
)
DOTS = "." * 40


def row(order, name, votes, percent, outcome, detail=""):
    return {"order": order, "name": name, "detail": detail, "votes": votes, "percent": percent, "outcome": outcome}


@pytest.fixture
def render_now(media_dir, eager_celery, django_capture_on_commit_callbacks):  # noqa: F811
    """Call a service that stores a document; the document is rendered in this process when the call commits.
    Returns the document and its stored PDF's path."""

    def run(call) -> tuple[RenderedDocument, Path]:
        with django_capture_on_commit_callbacks(execute=True):
            document = call()
        document.refresh_from_db()
        assert document.status == RenderedDocument.Status.DONE, document.error
        return document, media_dir / document.file.name

    return run


# The frozen data of the minutes ---------------------------------------------------------------------------------


def test_the_minutes_of_a_cluster_vote_with_two_pools_a_paper_ballot_and_a_runoff(db):
    room, session, runoff = cluster_vote()
    document = services.minutes_issue(actor=room.board, session=runoff)  # from either round: the whole vote
    session.refresh_from_db()
    assert session.minutes_id == document.pk
    assert (document.kind, document.template_name, document.status) == (
        "voting.minutes",
        "documents/vote_minutes.html",
        RenderedDocument.Status.PENDING,
    )
    assert document.title == (
        "Biên bản kiểm phiếu bầu Cờ thi đua của Bộ Tư pháp năm 2016 - Hội nghị tổng kết công tác thi đua, khen "
        "thưởng năm 2016 của Cụm thi đua thử"
    )
    conference = room.conference.name
    assert document.data == {
        "issuer": {"parent": "Bộ Tư pháp", "name": "Cụm thi đua thử"},
        "number": NUMBER,
        "place": "Hà Nội",
        "date": "2016-12-20",
        "type_name": "BIÊN BẢN",
        "subject": "Kiểm phiếu bầu Cờ thi đua của Bộ Tư pháp năm 2016",
        "opening": (
            f"Hôm nay, ngày 20 tháng 12 năm 2016, tại Hà Nội, {conference} do đồng chí Trần Tiến Dũng chủ trì đã tiến "
            "hành bỏ phiếu kín bầu Cờ thi đua của Bộ Tư pháp năm 2016. Ban kiểm phiếu đã kiểm phiếu và lập biên bản "
            "như sau:"
        ),
        "name_column": "Tên đơn vị",
        "sections": [
            {
                "heading": "I. THÀNH PHẦN BAN KIỂM PHIẾU",
                "lines": [
                    "1. Nguyễn Văn An, Vụ trưởng, Vụ thử số 1: Trưởng ban;",
                    "2. Lê Thị Bình, Phó Vụ trưởng, Vụ thử số 2: Thành viên.",
                ],
            },
            {
                "heading": "II. NGUYÊN TẮC BỎ PHIẾU",
                "lines": [
                    "Hình thức: bỏ phiếu kín (bỏ phiếu điện tử và phiếu giấy); mẫu phiếu: đồng ý hoặc không đồng ý "
                    "với từng đơn vị (không đánh dấu là không đồng ý).",
                    "Cuộc bỏ phiếu có giá trị khi số đại biểu có mặt đạt từ 2/3 tổng số đại biểu có quyền biểu quyết "
                    "trở lên.",
                    "Trúng cử: đơn vị có số phiếu đồng ý trên 50% số phiếu hợp lệ.",
                    "Nhóm «Các Vụ tham mưu»: bầu không quá 1 trong số 2 đơn vị; phiếu đồng ý quá 1 đơn vị của nhóm là "
                    "phiếu không hợp lệ.",
                    "Nhóm «Các Vụ chuyên ngành»: bầu không quá 2 trong số 3 đơn vị; phiếu đồng ý quá 2 đơn vị của "
                    "nhóm là phiếu không hợp lệ.",
                    "Các đơn vị bằng phiếu ở vị trí cuối vượt quá số lượng được bầu: bỏ phiếu lại giữa các đơn vị đó.",
                ],
            },
        ],
        "results_heading": "III. KẾT QUẢ KIỂM PHIẾU",
        "rounds": [
            {
                "heading": "Vòng 1",
                "figures": FIGURES_ROUND_1,
                "quorum": QUORUM_MET,
                "base": "Tỷ lệ (%) tính trên số phiếu hợp lệ: 5.",
                "pools": [
                    {
                        "heading": "Nhóm «Các Vụ tham mưu» (bầu không quá 1 trong số 2 đơn vị):",
                        "rows": [
                            row("1", "Vụ thử số 1", "4", "80,00", "Trúng cử"),
                            row("2", "Vụ thử số 2", "1", "20,00", "Không trúng cử: không đạt ngưỡng"),
                        ],
                    },
                    {
                        "heading": "Nhóm «Các Vụ chuyên ngành» (bầu không quá 2 trong số 3 đơn vị):",
                        "rows": [
                            row("1", "Vụ thử số 3", "4", "80,00", "Trúng cử"),
                            row("2", "Vụ thử số 4", "3", "60,00", "Bằng phiếu ở vị trí cuối: bỏ phiếu lại"),
                            row("3", "Vụ thử số 5", "3", "60,00", "Bằng phiếu ở vị trí cuối: bỏ phiếu lại"),
                        ],
                    },
                ],
            },
            {
                "heading": "Vòng 2 (bỏ phiếu lại giữa các đơn vị bằng phiếu ở vị trí cuối)",
                "figures": [
                    "Tổng số đại biểu có quyền biểu quyết: 6;",
                    "Số đại biểu có mặt: 6;",
                    "Số phiếu phát ra: 6 (trong đó phiếu giấy: 0);",
                    "Số phiếu thu vào: 6 (bỏ phiếu điện tử: 6, phiếu giấy: 0);",
                    "Số phiếu hợp lệ: 6;",
                    "Số phiếu không hợp lệ: 0.",
                ],
                "quorum": QUORUM_MET,
                "base": "Tỷ lệ (%) tính trên số phiếu hợp lệ: 6.",
                "pools": [
                    {
                        "heading": "Nhóm «Các Vụ chuyên ngành» (bầu không quá 1 trong số 2 đơn vị):",
                        "rows": [
                            row("1", "Vụ thử số 4", "4", "66,67", "Trúng cử"),
                            row("2", "Vụ thử số 5", "2", "33,33", "Không trúng cử: không đạt ngưỡng"),
                        ],
                    }
                ],
            },
        ],
        "conclusion_heading": "IV. KẾT LUẬN",
        "conclusion": {
            "text": "Căn cứ kết quả kiểm phiếu, 3 đơn vị sau đây trúng cử Cờ thi đua của Bộ Tư pháp năm 2016:",
            "groups": [
                {"title": "Nhóm «Các Vụ tham mưu» (1 đơn vị):", "lines": ["Vụ thử số 1."]},
                {"title": "Nhóm «Các Vụ chuyên ngành» (2 đơn vị):", "lines": ["Vụ thử số 3;", "Vụ thử số 4."]},
            ],
        },
        "closing": (
            "Biên bản được lập ngay sau khi kiểm phiếu, đã được công bố tại Hội nghị và được các thành viên Ban kiểm "
            "phiếu nhất trí ký tên."
        ),
        "verification_title": "Thông tin kiểm chứng (công bố khi kết thúc bỏ phiếu):",
        "verification": [f"Vòng 1 - {hashes(session)}", f"Vòng 2 - {hashes(runoff)}"],
        "signature_rows": [
            [
                {"role": "TRƯỞNG BAN KIỂM PHIẾU", "name": "Nguyễn Văn An"},
                {"role": "THÀNH VIÊN BAN KIỂM PHIẾU", "name": "Lê Thị Bình"},
            ],
            [{"role": "CHỦ TRÌ HỘI NGHỊ", "name": "Trần Tiến Dũng"}],
        ],
    }
    # The paper ballot's chain continues the electronic one; the run-off had no paper ballot.
    assert session.final_head != session.chain_head
    assert runoff.final_head == runoff.chain_head
    # The same rows freeze the same data.
    assert documents.minutes_data(rounds=[session, runoff], number=NUMBER) == document.data


def test_the_minutes_of_a_council_vote(world):
    meeting, board, session = council_vote(world)
    document = services.minutes_issue(actor=board, session=session)
    data = document.data
    assert document.title == (
        "Biên bản kiểm phiếu biểu quyết đề nghị tặng Cờ thi đua của Bộ Tư pháp năm 2016 - Phiên họp Hội đồng Thi đua "
        "- Khen thưởng xét khen thưởng năm 2016"
    )
    assert (data["issuer"], data["number"], data["place"], data["date"]) == (
        {"parent": "Bộ Tư pháp", "name": "Hội đồng Thi đua - Khen thưởng"},
        "01/BB-HĐTĐKT",
        "Hà Nội",
        "2016-12-29",
    )
    assert data["subject"] == "Kiểm phiếu biểu quyết đề nghị tặng Cờ thi đua của Bộ Tư pháp năm 2016"
    assert data["opening"] == (
        "Hôm nay, ngày 29 tháng 12 năm 2016, tại Hà Nội, Phiên họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm "
        "2016 do đồng chí Lê Thành Long chủ trì đã tiến hành bỏ phiếu kín biểu quyết đề nghị tặng Cờ thi đua của Bộ Tư "
        "pháp năm 2016. Ban kiểm phiếu đã kiểm phiếu và lập biên bản như sau:"
    )
    assert data["name_column"] == "Tập thể, cá nhân được đề nghị"
    # No committee recorded: a head and two members to be written in by hand.
    assert data["sections"][0]["lines"] == [
        f"1. {DOTS}: Trưởng ban;",
        f"2. {DOTS}: Thành viên;",
        f"3. {DOTS}: Thành viên.",
    ]
    # The council's own rules; no quota nor tie rule (every nomination can pass).
    assert data["sections"][1]["lines"] == [
        "Hình thức: bỏ phiếu kín (bỏ phiếu điện tử và phiếu giấy); mẫu phiếu: đồng ý hoặc không đồng ý với từng "
        "trường hợp (không đánh dấu là không đồng ý).",
        "Cuộc bỏ phiếu có giá trị khi số đại biểu có mặt đạt từ 2/3 tổng số đại biểu có quyền biểu quyết trở lên.",
        "Được thông qua: trường hợp có số phiếu đồng ý trên 50% tổng số đại biểu có quyền biểu quyết.",
    ]
    assert data["rounds"] == [
        {
            "heading": "",
            "figures": [
                "Tổng số đại biểu có quyền biểu quyết: 5;",
                "Số đại biểu có mặt: 5;",
                "Số phiếu phát ra: 5 (trong đó phiếu giấy: 0);",
                "Số phiếu thu vào: 5 (bỏ phiếu điện tử: 5, phiếu giấy: 0);",
                "Số phiếu hợp lệ: 5;",
                "Số phiếu không hợp lệ: 0.",
            ],
            "quorum": "Số đại biểu có mặt (5/5) đạt từ 2/3 tổng số đại biểu có quyền biểu quyết trở lên: cuộc bỏ phiếu "
            "có giá trị.",
            "base": "Tỷ lệ (%) tính trên tổng số đại biểu có quyền biểu quyết: 5.",
            "pools": [
                {
                    "heading": "Kết quả biểu quyết (2 trường hợp):",
                    "rows": [
                        row("1", "Vụ Pháp luật dân sự - kinh tế", "4", "80,00", "Thông qua", detail="Bộ Tư pháp"),
                        row(
                            "2",
                            "Vụ Tổ chức cán bộ",
                            "2",
                            "40,00",
                            "Không thông qua: không đạt ngưỡng",
                            detail="Bộ Tư pháp",
                        ),
                    ],
                }
            ],
        }
    ]
    assert data["conclusion"] == {
        "text": "Căn cứ kết quả kiểm phiếu, Hội đồng biểu quyết đề nghị tặng Cờ thi đua của Bộ Tư pháp năm 2016 như "
        "sau:",
        "groups": [
            {"title": "Được thông qua (1 trường hợp):", "lines": ["Vụ Pháp luật dân sự - kinh tế, Bộ Tư pháp."]},
            {
                "title": "Không được thông qua (1 trường hợp):",
                "lines": ["Vụ Tổ chức cán bộ, Bộ Tư pháp (không đạt ngưỡng)."],
            },
        ],
    }
    assert data["closing"].startswith("Biên bản được lập ngay sau khi kiểm phiếu, đã được công bố tại phiên họp")
    assert data["verification"] == [hashes(session)]
    assert data["signature_rows"] == [
        [{"role": "TRƯỞNG BAN KIỂM PHIẾU", "name": DOTS}, {"role": "THÀNH VIÊN BAN KIỂM PHIẾU", "name": DOTS}],
        [{"role": "THÀNH VIÊN BAN KIỂM PHIẾU", "name": DOTS}],
        [{"role": "CHỦ TRÌ PHIÊN HỌP", "name": "Lê Thành Long"}],
    ]


def test_the_minutes_of_a_vote_whose_quorum_was_not_met(db):
    room, session = quorum_not_met()
    data = services.minutes_issue(actor=room.board, session=session).data
    assert data["number"] == NUMBER
    assert data["issuer"] == {"parent": "", "name": "Cụm thi đua thử"}  # no Ministry unit recorded
    assert data["rounds"][0]["figures"][:2] == ["Tổng số đại biểu có quyền biểu quyết: 6;", "Số đại biểu có mặt: 3;"]
    assert data["rounds"][0]["quorum"] == (
        "Số đại biểu có mặt (3/6) không đạt 2/3 tổng số đại biểu có quyền biểu quyết: cuộc bỏ phiếu không có giá trị, "
        "không đơn vị nào trúng cử."
    )
    assert data["rounds"][0]["pools"][0]["rows"] == [
        row("1", "Vụ thử số 1", "3", "100,00", "Không trúng cử: không đủ số đại biểu có mặt"),
        row("2", "Vụ thử số 2", "0", "0,00", "Không trúng cử: không đủ số đại biểu có mặt"),
        row("3", "Vụ thử số 3", "0", "0,00", "Không trúng cử: không đủ số đại biểu có mặt"),
    ]
    assert data["conclusion"] == {
        "text": "Số đại biểu có mặt không đạt 2/3 tổng số đại biểu có quyền biểu quyết: kết quả bỏ phiếu bầu Cờ thi "
        "đua của Bộ Tư pháp năm 2016 không có giá trị.",
        "groups": [],
    }
    assert data["sections"][0]["lines"] == [
        f"1. {DOTS}: Trưởng ban;",
        f"2. {DOTS}: Thành viên;",
        f"3. {DOTS}: Thành viên.",
    ]
    assert data["signature_rows"][-1] == [{"role": "CHỦ TRÌ HỘI NGHỊ", "name": "Trần Tiến Dũng"}]


def test_a_committee_without_a_head_and_a_vote_without_winners(db):
    room = make_room()
    services.delegate_update(
        actor=room.board,
        delegate=room.delegates[2],
        full_name="Phạm Văn Cường",
        position="",
        is_voting=True,
        committee_role="member",
    )
    room.check_in()
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[PoolInput(name="Các Vụ", quota=1, units=room.units[:2])],
        tie_rule=BallotSession.TieRule.NONE,
        ballot_form=BallotSession.Form.CHOOSE,
        threshold_base=BallotSession.Base.PRESENT,
        threshold_comparison=BallotSession.Comparison.AT_LEAST,
    )
    c = ids(session)
    vote(room, session, [{c[0]: True}] * 3 + [{c[1]: True}] * 3)  # 3 each of 6 present: a tie, nobody
    data = services.minutes_issue(actor=room.board, session=session).data
    assert data["sections"][0]["lines"] == [f"1. {DOTS}: Trưởng ban;", "2. Phạm Văn Cường, Vụ thử số 3: Thành viên."]
    assert data["sections"][1]["lines"][0] == (
        "Hình thức: bỏ phiếu kín (bỏ phiếu điện tử và phiếu giấy); mẫu phiếu: chọn đơn vị được bầu, không quá số "
        "lượng được bầu của mỗi nhóm."
    )
    assert data["sections"][1]["lines"][2:] == [
        "Trúng cử: đơn vị có số phiếu đồng ý từ 50% số đại biểu có mặt trở lên.",
        "Nhóm «Các Vụ»: bầu không quá 1 trong số 2 đơn vị; phiếu đồng ý quá 1 đơn vị của nhóm là phiếu không hợp lệ.",
        "Các đơn vị bằng phiếu ở vị trí cuối vượt quá số lượng được bầu: không đơn vị nào trúng cử.",
    ]
    assert [r["outcome"] for r in data["rounds"][0]["pools"][0]["rows"]] == [
        "Không trúng cử: bằng phiếu ở vị trí cuối",
        "Không trúng cử: bằng phiếu ở vị trí cuối",
    ]
    assert data["conclusion"] == {
        "text": "Căn cứ kết quả kiểm phiếu, không có đơn vị nào trúng cử Cờ thi đua của Bộ Tư pháp năm 2016.",
        "groups": [],
    }
    assert data["signature_rows"][0] == [
        {"role": "TRƯỞNG BAN KIỂM PHIẾU", "name": DOTS},
        {"role": "THÀNH VIÊN BAN KIỂM PHIẾU", "name": "Phạm Văn Cường"},
    ]


# The minutes' services ------------------------------------------------------------------------------------------


def government_vote(room: Room, sector: BallotSession) -> BallotSession:
    """The Government banner chained from the sector banner's winners, all agreeing with the first."""
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.government(),
        pools=[PoolInput(name="Cờ Chính phủ", quota=1)],
        chained_from=sector,
    )
    vote(room, session, [{ids(session)[0]: True}] * 6)
    return session


def test_minutes_are_numbered_in_the_issuers_series_and_reissued_with_their_number(db):
    room, sector, _runoff = cluster_vote()
    first = services.minutes_issue(actor=room.board, session=sector)
    government = government_vote(room, sector)
    second = services.minutes_issue(actor=room.board, session=government)
    assert (first.data["number"], second.data["number"]) == (NUMBER, "02/BB-VTS1")
    assert second.data["subject"] == "Kiểm phiếu bầu Cờ thi đua của Chính phủ năm 2016"
    assert DocumentSeries.objects.get(issuer_code="VTS1", type_code="BB", year=2016).last_number == 2
    # A recount before signature (the committee corrected): the same document and number, the new data.
    services.delegate_update(
        actor=room.board,
        delegate=room.delegates[2],
        full_name="Phạm Văn Cường",
        position="Chuyên viên",
        is_voting=True,
        committee_role="member",
    )
    again = services.minutes_issue(actor=room.board, session=sector)
    assert again.pk == first.pk
    assert again.data["number"] == NUMBER
    assert again.data["sections"][0]["lines"][1:] == [
        "2. Lê Thị Bình, Phó Vụ trưởng, Vụ thử số 2: Thành viên;",
        "3. Phạm Văn Cường, Chuyên viên, Vụ thử số 3: Thành viên.",
    ]
    assert again.status == RenderedDocument.Status.PENDING
    assert DocumentSeries.objects.get(issuer_code="VTS1", type_code="BB", year=2016).last_number == 2
    assert RenderedDocument.objects.filter(kind=documents.MINUTES_KIND).count() == 2


def test_minutes_are_refused_before_the_count_and_while_a_runoff_is_pending(db):
    room = make_room()
    room.check_in()
    session = two_pools(room)
    with pytest.raises(ValidationError) as exc:
        services.minutes_issue(actor=room.board, session=session)
    assert exc.value.messages == ["Vòng 1 chưa kiểm phiếu: chưa có kết quả cuối cùng."]
    first_round(room, session)  # counted, with a tie for the last place of the second pool
    with pytest.raises(ValidationError) as exc:
        services.minutes_issue(actor=room.board, session=session)
    assert exc.value.messages == ["Kết quả có trường hợp bằng phiếu: hãy tổ chức bỏ phiếu lại trước khi công bố."]
    runoff = services.session_runoff(actor=room.board, session=session)
    with pytest.raises(ValidationError) as exc:
        services.minutes_issue(actor=room.board, session=runoff)
    assert exc.value.messages == ["Vòng 2 chưa kiểm phiếu: chưa có kết quả cuối cùng."]
    with pytest.raises(ValidationError) as exc:
        services.minutes_mark_signed(actor=room.board, session=session)
    assert exc.value.messages == ["Chưa lập biên bản kiểm phiếu."]
    assert not RenderedDocument.objects.exists()
    assert not DocumentSeries.objects.exists()
    session.refresh_from_db()
    assert session.minutes_id is None


def test_only_the_conferences_managers_issue_and_sign_the_minutes(db):
    room, session = quorum_not_met()
    staff = factories.user(role="unit_staff", unit_=room.units[2])
    with pytest.raises(PermissionDenied):
        services.minutes_issue(actor=staff, session=session)
    assert not RenderedDocument.objects.exists()
    leader = factories.user(role="cluster_leader", unit_=room.units[0])
    document = services.minutes_issue(actor=leader, session=session)
    with pytest.raises(PermissionDenied):
        services.minutes_mark_signed(actor=staff, session=session)
    document.refresh_from_db()
    assert document.signed_at is None


def test_signed_minutes_never_change(db, render_now):
    room, session = quorum_not_met()
    document, _path = render_now(lambda: services.minutes_issue(actor=room.board, session=session))
    signed = services.minutes_mark_signed(actor=room.board, session=session)
    assert (signed.pk, signed.signed_by) == (document.pk, room.board)
    services.delegate_update(
        actor=room.board,
        delegate=room.delegates[0],
        full_name="Nguyễn Văn An",
        position="Vụ trưởng",
        is_voting=True,
        committee_role="head",
    )
    with pytest.raises(SignedDocumentError) as exc:
        services.minutes_issue(actor=room.board, session=session)
    assert exc.value.messages == ["Văn bản đã ký: không được thay đổi, dựng lại hay xóa; hãy ban hành văn bản mới."]
    document.refresh_from_db()
    assert document.data["sections"][0]["lines"][0] == f"1. {DOTS}: Trưởng ban;"
    assert document.sha256 == signed.sha256


# The paper ballots ----------------------------------------------------------------------------------------------


def test_the_paper_ballots_of_an_agree_or_disagree_vote(db):
    room, session = open_two_pools()
    document = services.papers_print(actor=room.board, session=session)
    session.refresh_from_db()
    assert session.papers_id == document.pk
    assert (document.kind, document.template_name) == ("voting.papers", "documents/ballot_papers.html")
    assert document.title == (
        "Phiếu bầu Cờ thi đua của Bộ Tư pháp năm 2016 - Hội nghị tổng kết công tác thi đua, khen thưởng năm 2016 của "
        "Cụm thi đua thử"
    )
    assert document.data == {
        "issuer": {"parent": "", "name": "Cụm thi đua thử"},
        "place": "Hà Nội",
        "date": "2016-12-20",
        "type_name": "PHIẾU BẦU",
        "subject": "Cờ thi đua của Bộ Tư pháp năm 2016",
        "round": "",
        "conference": f"{room.conference.name} (Hà Nội, ngày 20 tháng 12 năm 2016)",
        "name_column": "Tên đơn vị",
        "boxes": ["Đồng ý", "Không đồng ý"],
        "pools": [
            {
                "heading": "Nhóm «Các Vụ tham mưu»: bầu không quá 1 trong số 2 đơn vị",
                "rows": [
                    {"order": "1", "name": "Vụ thử số 1", "detail": ""},
                    {"order": "2", "name": "Vụ thử số 2", "detail": ""},
                ],
            },
            {
                "heading": "Nhóm «Các Vụ chuyên ngành»: bầu không quá 2 trong số 3 đơn vị",
                "rows": [
                    {"order": "1", "name": "Vụ thử số 3", "detail": ""},
                    {"order": "2", "name": "Vụ thử số 4", "detail": ""},
                    {"order": "3", "name": "Vụ thử số 5", "detail": ""},
                ],
            },
        ],
        "instructions_title": "Cách ghi phiếu:",
        "instructions": [
            "Mỗi dòng đánh dấu X vào một trong hai ô «Đồng ý» hoặc «Không đồng ý»; dòng không đánh dấu được tính là "
            "không đồng ý.",
            "Phiếu đồng ý quá số lượng được bầu của một nhóm là phiếu không hợp lệ.",
            "Không ghi thêm bất cứ nội dung nào khác lên phiếu.",
        ],
        # One paper per present voting delegate (5 of 6 checked in).
        "copies": 5,
        "numbers": ["001", "002", "003", "004", "005"],
    }


def test_the_paper_ballots_of_a_choose_vote(db):
    room, session = open_two_pools(ballot_form=BallotSession.Form.CHOOSE)
    data = services.papers_print(actor=room.board, session=session, copies=2).data
    assert (data["boxes"], data["numbers"], data["copies"]) == (["Chọn"], ["001", "002"], 2)
    assert data["instructions"] == [
        "Đánh dấu X vào ô của đơn vị được chọn, mỗi nhóm không quá số lượng được bầu ghi ở đầu nhóm; ô không đánh "
        "dấu là không chọn.",
        "Phiếu chọn quá số lượng được bầu của một nhóm là phiếu không hợp lệ.",
        "Không ghi thêm bất cứ nội dung nào khác lên phiếu.",
    ]


def test_the_paper_ballots_of_a_runoff(db):
    room = make_room()
    room.check_in()
    session = two_pools(room)
    first_round(room, session)
    runoff = services.session_runoff(actor=room.board, session=session)
    with pytest.raises(ValidationError) as exc:
        services.papers_print(actor=room.board, session=runoff)
    assert exc.value.messages == ["Phiếu giấy được in khi phiên đã mở (danh sách ứng viên đã chốt)."]
    services.session_open(actor=room.board, session=runoff)
    document = services.papers_print(actor=room.board, session=runoff)
    assert document.title.startswith("Phiếu bầu Cờ thi đua của Bộ Tư pháp năm 2016 (vòng 2) - Hội nghị tổng kết")
    assert (document.data["round"], document.data["pools"], document.data["numbers"]) == (
        "Bỏ phiếu lại (vòng 2)",
        [
            {
                "heading": "Nhóm «Các Vụ chuyên ngành»: bầu không quá 1 trong số 2 đơn vị",
                "rows": [
                    {"order": "1", "name": "Vụ thử số 4", "detail": ""},
                    {"order": "2", "name": "Vụ thử số 5", "detail": ""},
                ],
            }
        ],
        ["001", "002", "003", "004", "005", "006"],
    )


def test_the_councils_papers_are_voting_slips_without_a_quota(world):
    meeting, board = council(3)
    passed, _other = at_council([world.vu_a, world.vu_b])
    session = services.council_session_create(actor=board, conference=meeting, title=passed.title)
    services.delegates_check_in_all(actor=board, conference=meeting)
    services.session_open(actor=board, session=session)
    document = services.papers_print(actor=board, session=session)
    assert document.title == (
        "Phiếu biểu quyết Cờ thi đua của Bộ Tư pháp năm 2016 - Phiên họp Hội đồng Thi đua - Khen thưởng xét khen "
        "thưởng năm 2016"
    )
    data = document.data
    assert (data["issuer"], data["type_name"], data["name_column"], data["numbers"]) == (
        {"parent": "Bộ Tư pháp", "name": "Hội đồng Thi đua - Khen thưởng"},
        "PHIẾU BIỂU QUYẾT",
        "Tập thể, cá nhân được đề nghị",
        ["001", "002", "003"],
    )
    assert data["pools"] == [
        {
            "heading": "Biểu quyết đồng ý hoặc không đồng ý với từng trường hợp (2 trường hợp)",
            "rows": [
                {"order": "1", "name": "Vụ Pháp luật dân sự - kinh tế", "detail": "Bộ Tư pháp"},
                {"order": "2", "name": "Vụ Tổ chức cán bộ", "detail": "Bộ Tư pháp"},
            ],
        }
    ]
    assert data["instructions"] == [
        "Mỗi dòng đánh dấu X vào một trong hai ô «Đồng ý» hoặc «Không đồng ý»; dòng không đánh dấu được tính là "
        "không đồng ý.",
        "Không ghi thêm bất cứ nội dung nào khác lên phiếu.",
    ]


def test_papers_are_printed_for_an_open_session_within_bounds_and_again_with_more(db):
    room = make_room()
    room.check_in()
    session = two_pools(room)
    with pytest.raises(ValidationError) as exc:
        services.papers_print(actor=room.board, session=session)
    assert exc.value.messages == ["Phiếu giấy được in khi phiên đã mở (danh sách ứng viên đã chốt)."]
    services.session_open(actor=room.board, session=session)
    for copies in (0, -3, documents.MAX_PAPERS + 1, "10"):
        with pytest.raises(ValidationError) as exc:
            services.papers_print(actor=room.board, session=session, copies=copies)
        assert exc.value.message_dict == {"copies": ["Số phiếu in phải từ 1 đến 500."]}
    assert not RenderedDocument.objects.exists()
    staff = factories.user(role="unit_staff", unit_=room.units[2])
    with pytest.raises(PermissionDenied):
        services.papers_print(actor=staff, session=session)
    first = services.papers_print(actor=room.board, session=session)
    assert first.data["copies"] == 6
    more = services.papers_print(actor=room.board, session=session, copies=documents.MAX_PAPERS)
    assert more.pk == first.pk
    assert (more.data["copies"], more.data["numbers"][-1], more.status) == (
        500,
        "500",
        RenderedDocument.Status.PENDING,
    )
    with pytest.raises(ValidationError) as exc:
        services.papers_print(actor=room.board, session=session, copies=6)
    assert exc.value.message_dict == {
        "copies": ["Đã in 500 phiếu: in lại phải có ít nhất 500 phiếu để các số đã phát vẫn hợp lệ."]
    }
    more.refresh_from_db()
    assert more.data["copies"] == 500
    assert RenderedDocument.objects.count() == 1


# The PDFs -------------------------------------------------------------------------------------------------------


def check_minutes_pdf(path, session: BallotSession, runoff: BallotSession) -> None:
    """The cluster vote's minutes as printed: the national format, the figures, the tables, the signatures."""
    assert_national_format(path, pages=3)
    assert pdf_info(path)["Title"] == f"BIÊN BẢN số {NUMBER} Kiểm phiếu bầu Cờ thi đua của Bộ Tư pháp năm 2016"
    text = pdf_raw_text(path)
    for expected in (
        "BỘ TƯ PHÁP CỤM THI ĐUA THỬ",
        f"Số: {NUMBER}",
        "Hà Nội, ngày 20 tháng 12 năm 2016",
        "BIÊN BẢN Kiểm phiếu bầu Cờ thi đua của Bộ Tư pháp năm 2016",
        "1. Nguyễn Văn An, Vụ trưởng, Vụ thử số 1: Trưởng ban;",
        "Trúng cử: đơn vị có số phiếu đồng ý trên 50% số phiếu hợp lệ.",
        *(f"- {line}" for line in FIGURES_ROUND_1),
        "Tỷ lệ (%) tính trên số phiếu hợp lệ: 5.",
        "1 Vụ thử số 1 4 80,00 Trúng cử",
        "2 Vụ thử số 2 1 20,00 Không trúng cử: không đạt ngưỡng",
        "2 Vụ thử số 4 3 60,00 Bằng phiếu ở vị trí cuối: bỏ phiếu lại",
        "Vòng 2 (bỏ phiếu lại giữa các đơn vị bằng phiếu ở vị trí cuối)",
        "1 Vụ thử số 4 4 66,67 Trúng cử",
        "2 Vụ thử số 5 2 33,33 Không trúng cử: không đạt ngưỡng",
        "Căn cứ kết quả kiểm phiếu, 3 đơn vị sau đây trúng cử Cờ thi đua của Bộ Tư pháp năm 2016:",
        "Nhóm «Các Vụ chuyên ngành» (2 đơn vị): - Vụ thử số 3; - Vụ thử số 4.",
        "TRƯỞNG BAN KIỂM PHIẾU Nguyễn Văn An THÀNH VIÊN BAN KIỂM PHIẾU Lê Thị Bình CHỦ TRÌ HỘI NGHỊ Trần Tiến Dũng",
    ):
        assert expected in text, expected
    # The published hashes, each on one line (small print), for anyone to compare with what they recompute.
    lines = [line.strip() for line in pdf_text(path, first=3, last=3).splitlines()]
    for value in (session.chain_head, session.final_head, runoff.final_head, session.entitled_fingerprint):
        assert any(value in line for line in lines), value


def test_the_minutes_pdf_in_the_national_format_and_the_same_bytes_for_the_same_data(db, render_now):
    room, session, runoff = cluster_vote()
    document, path = render_now(lambda: services.minutes_issue(actor=room.board, session=session))
    check_minutes_pdf(path, session, runoff)
    fonts = pdf_fonts(path)
    assert {font["emb"] for font in fonts} == {"yes"}
    assert sorted({font["name"].split("+", 1)[1] for font in fonts}) == [
        "LiberationSerif-Thidua",
        "LiberationSerif-Thidua-Bold",
        "LiberationSerif-Thidua-Italic",
    ]
    content = path.read_bytes()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert render_pdf(template_name=documents.MINUTES_TEMPLATE, context=dict(document.data)) == content
    changed = {**document.data, "number": "02/BB-VTS1"}
    assert render_pdf(template_name=documents.MINUTES_TEMPLATE, context=changed) != content


def test_the_minutes_pdf_of_the_council_with_blank_signature_lines(world, render_now):
    meeting, board, session = council_vote(world)
    document, path = render_now(lambda: services.minutes_issue(actor=board, session=session))
    assert_national_format(path)
    text = pdf_raw_text(path)
    for expected in (
        "BỘ TƯ PHÁP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "Số: 01/BB-HĐTĐKT",
        "Tập thể, cá nhân được đề nghị",
        "1 Vụ Pháp luật dân sự - kinh tế Bộ Tư pháp 4 80,00 Thông qua",
        "2 Vụ Tổ chức cán bộ Bộ Tư pháp 2 40,00 Không thông qua: không đạt ngưỡng",
        "Không được thông qua (1 trường hợp): - Vụ Tổ chức cán bộ, Bộ Tư pháp (không đạt ngưỡng).",
        f"TRƯỞNG BAN KIỂM PHIẾU {DOTS} THÀNH VIÊN BAN KIỂM PHIẾU {DOTS} THÀNH VIÊN BAN KIỂM PHIẾU {DOTS}",
        "CHỦ TRÌ PHIÊN HỌP Lê Thành Long",
    ):
        assert expected in text, expected


def test_the_paper_ballots_pdf_one_numbered_paper_a_page(db, render_now):
    room, session = open_two_pools()
    document, path = render_now(lambda: services.papers_print(actor=room.board, session=session))
    assert tuple(round(side, 2) for side in page_size_points(path)) == A4_POINTS
    assert pdf_info(path)["Pages"] == "5"
    assert {font["emb"] for font in pdf_fonts(path)} == {"yes"}
    for page in range(1, 6):
        text = " ".join(pdf_text(path, first=page, last=page).split())
        # No page number in the margin: the paper's own number is the only one.
        assert text.startswith("CỤM THI ĐUA THỬ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), text[:80]
        assert f"Số phiếu: {page:03d}" in text
        assert text.count("Số phiếu:") == 1
    text = pdf_raw_text(path)
    for expected in (
        "PHIẾU BẦU Cờ thi đua của Bộ Tư pháp năm 2016",
        "Nhóm «Các Vụ tham mưu»: bầu không quá 1 trong số 2 đơn vị STT Tên đơn vị Đồng ý Không đồng ý 1 Vụ thử số 1 "
        "2 Vụ thử số 2",
        "Nhóm «Các Vụ chuyên ngành»: bầu không quá 2 trong số 3 đơn vị",
        "Phiếu đồng ý quá số lượng được bầu của một nhóm là phiếu không hợp lệ.",
    ):
        assert expected in text, expected
    assert "Họ và tên" not in text  # no field for the voter's name
    assert render_pdf(template_name=documents.PAPERS_TEMPLATE, context=document.data) == path.read_bytes()


def test_a_hundred_paper_ballots_render_in_reasonable_time(db):
    room, session = open_two_pools()
    data = documents.papers_data(session=session, copies=100)
    started = time.perf_counter()
    pdf = render_document(template_name=documents.PAPERS_TEMPLATE, context=data)
    per_page = (time.perf_counter() - started) / pdf.page_count
    assert pdf.page_count == 100
    # Measured at about 0.04 s a page on the 2-core machine; the bound leaves room for a loaded one.
    assert per_page < 0.3, f"{per_page:.3f} s per page"
