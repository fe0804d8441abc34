"""The data the voting app's printed documents show, frozen: the vote-count minutes (BB) and the numbered paper
ballots.

Rendering reads only what minutes_data and papers_data return (RenderedDocument.data): plain JSON, dates as ISO
text, every printed line decided here, so that the same data always prints the same bytes. Printed documents are
legal texts in Vietnamese whatever the UI language: the wording below is not translated, and the labels that come
from gettext (the reasons of a result) are read in Vietnamese.
"""

import re
from collections.abc import Sequence
from decimal import Decimal

from django.utils import translation

from campaigns.documents import issuer_lines, ministry_unit, points_text, term_leader
from thidua.documents.formatting import date_long
from thidua.titles.models import Title
from voting.models import BallotSession, Candidate, CommitteeRole, Conference, Delegate, Pool

MINUTES_TEMPLATE = "documents/vote_minutes.html"
PAPERS_TEMPLATE = "documents/ballot_papers.html"
MINUTES_KIND = "voting.minutes"
PAPERS_KIND = "voting.papers"
COUNCIL_CODE = "HĐTĐKT"
MAX_PAPERS = 500

COUNCIL_NAME = "Hội đồng Thi đua - Khen thưởng"
MINISTRY_NAME = "Bộ Tư pháp"
# A signature line whose signer the committee has not recorded: the name is written by hand.
DOTTED_NAME = "." * 40
# Without a recorded committee, the minutes leave room for a head and two members (the usual committee of three).
BLANK_MEMBERS = 2
Base = BallotSession.Base
Reason = Candidate.Reason

# How each base of the threshold reads in a sentence ("trên 50% số phiếu hợp lệ").
_BASE_WORDS = {
    Base.ENTITLED: "tổng số đại biểu có quyền biểu quyết",
    Base.PRESENT: "số đại biểu có mặt",
    Base.VALID: "số phiếu hợp lệ",
}


# Wording shared by the minutes and the papers ----------------------------------------------------------------


def title_formal_name(title: Title) -> str:
    """A title's full name, as a vote is held for it: the catalogue's name without the usual name it gives in
    brackets ("Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)" → "Cờ thi đua của Bộ Tư pháp") and without
    the " cho tập thể" that tells a collective form from the individual one."""
    name = re.sub(r"\s*\(.+\)$", "", " ".join(title.name.split()))
    return re.sub(r"\s+cho tập thể$", "", name)


def title_phrase(title: Title, year: int) -> str:
    """What is voted on: "Cờ thi đua của Bộ Tư pháp năm 2016", "danh hiệu Chiến sĩ thi đua cấp Bộ, ngành năm 2016";
    a form of commendation (Bằng khen ...) is named as it is, with no year."""
    name = title_formal_name(title)
    if title.category != Title.Category.EMULATION:
        return name
    if not name.startswith("Cờ"):
        name = f"danh hiệu {name}"
    return f"{name} năm {year}"


def _issuer(conference: Conference) -> dict:
    """The header's issuing body: the cluster under the Ministry, or the council under the Ministry."""
    if conference.is_council:
        ministry = ministry_unit()
        return {"parent": ministry.name if ministry else MINISTRY_NAME, "name": COUNCIL_NAME}
    return issuer_lines(term=conference.term, issuer=term_leader(conference.term))


def _what(session: BallotSession) -> str:
    """The vote in a sentence: "bầu Cờ thi đua ..." at a conference, "biểu quyết đề nghị tặng ..." at the council."""
    phrase = title_phrase(session.title, session.conference.year)
    if session.conference.is_council:
        return f"biểu quyết đề nghị tặng {phrase}"
    return f"bầu {phrase}"


def _whom(conference: Conference) -> str:
    return "trường hợp" if conference.is_council else "đơn vị"


def _name_column(conference: Conference) -> str:
    return "Tập thể, cá nhân được đề nghị" if conference.is_council else "Tên đơn vị"


def _percent(value) -> str:
    """A percentage as Vietnamese write it, two decimals and a decimal comma ("66,67")."""
    return f"{Decimal(value or 0):.2f}".replace(".", ",")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _punctuate(lines: Sequence[str]) -> list[str]:
    """Items of a list as the national format ends them: ";" after each, "." after the last."""
    return [f"{line}{'.' if index == len(lines) else ';'}" for index, line in enumerate(lines, 1)]


def _reason(candidate: Candidate) -> str:
    """Why a candidate did not pass, as the result's label reads in Vietnamese (empty when not counted)."""
    return str(Reason(candidate.reason).label) if candidate.reason in Reason.values else ""


def _detail(candidate: Candidate) -> str:
    """A council's nomination's position and unit; nothing when it only repeats the name (a collective's)."""
    return "" if candidate.detail == candidate.name else candidate.detail


def _full_name(candidate: Candidate) -> str:
    return ", ".join(part for part in (candidate.name, _detail(candidate)) if part)


def _pools(sessions: Sequence[BallotSession]) -> dict[int, list[tuple[Pool, list[Candidate]]]]:
    """Each session's pools with their candidates, in order: two queries for any number of rounds."""
    candidates: dict[int, list[Candidate]] = {}
    for candidate in Candidate.objects.filter(session__in=sessions).order_by("pool__order", "pool_id", "order", "pk"):
        candidates.setdefault(candidate.pool_id, []).append(candidate)
    pools: dict[int, list[tuple[Pool, list[Candidate]]]] = {s.pk: [] for s in sessions}
    for pool in Pool.objects.filter(session__in=sessions).order_by("session_id", "order", "pk"):
        pools[pool.session_id].append((pool, candidates.get(pool.pk, [])))
    return pools


# The vote-count minutes --------------------------------------------------------------------------------------


def minutes_title(session: BallotSession) -> str:
    """The document's title in lists: "Biên bản kiểm phiếu bầu Cờ thi đua ... năm 2016 - Hội nghị ..."."""
    return f"Biên bản kiểm phiếu {_what(session)} - {session.conference.name}"


def _committee(conference: Conference) -> list[dict]:
    """The counting committee as printed, [{"head", "name", "detail"}]: the head first, then the members in the
    delegates' order; a place not recorded is left blank (a committee not recorded at all: a head and two members)
    for the names to be written in by hand."""
    delegates = list(
        Delegate.objects.filter(conference=conference)
        .exclude(committee_role=CommitteeRole.NONE)
        .select_related("unit")
        .order_by(*Delegate._meta.ordering)
    )
    people = sorted(delegates, key=lambda d: d.committee_role != CommitteeRole.HEAD)
    if not any(d.committee_role == CommitteeRole.HEAD for d in people):
        people.insert(0, None)
    if len(people) == 1:
        people += [None] * BLANK_MEMBERS
    committee = []
    for index, delegate in enumerate(people):
        member = {"head": index == 0, "name": "", "detail": ""}
        if delegate is not None:
            member["name"] = delegate.full_name
            member["detail"] = ", ".join(part for part in (delegate.position, delegate.unit.name) if part)
        committee.append(member)
    return committee


def _committee_lines(committee: list[dict]) -> list[str]:
    lines = []
    for index, member in enumerate(committee, 1):
        who = ", ".join(part for part in (member["name"] or DOTTED_NAME, member["detail"]) if part)
        lines.append(f"{index}. {who}: {'Trưởng ban' if member['head'] else 'Thành viên'}")
    return _punctuate(lines)


def _quorum_text(session: BallotSession) -> str:
    return f"{session.quorum_numerator}/{session.quorum_denominator} {_BASE_WORDS[Base.ENTITLED]}"


def _threshold_text(session: BallotSession) -> str:
    """ "trên 50% số phiếu hợp lệ", "từ 90% tổng số đại biểu có quyền biểu quyết trở lên"."""
    share = f"{points_text(Decimal(session.threshold_percent))}% {_BASE_WORDS[session.threshold_base]}"
    if session.threshold_comparison == BallotSession.Comparison.AT_LEAST:
        return f"từ {share} trở lên"
    return f"trên {share}"


def _settings_lines(session: BallotSession, pools: list[tuple[Pool, list[Candidate]]]) -> list[str]:
    council = session.conference.is_council
    whom = _whom(session.conference)
    if session.ballot_form == BallotSession.Form.CHOOSE:
        form = f"chọn {whom} được bầu, không quá số lượng được bầu của mỗi nhóm"
    else:
        form = f"đồng ý hoặc không đồng ý với từng {whom} (không đánh dấu là không đồng ý)"
    lines = [
        f"Hình thức: bỏ phiếu kín (bỏ phiếu điện tử và phiếu giấy); mẫu phiếu: {form}.",
        f"Cuộc bỏ phiếu có giá trị khi số đại biểu có mặt đạt từ {_quorum_text(session)} trở lên.",
        f"{'Được thông qua' if council else 'Trúng cử'}: {whom} có số phiếu đồng ý {_threshold_text(session)}.",
    ]
    if council:
        return lines
    for pool, candidates in pools:
        lines.append(
            f"Nhóm «{pool.name}»: bầu không quá {pool.quota} trong số {len(candidates)} đơn vị; phiếu đồng ý quá "
            f"{pool.quota} đơn vị của nhóm là phiếu không hợp lệ."
        )
    if session.tie_rule == BallotSession.TieRule.RUNOFF:
        lines.append("Các đơn vị bằng phiếu ở vị trí cuối vượt quá số lượng được bầu: bỏ phiếu lại giữa các đơn vị đó.")
    else:
        lines.append("Các đơn vị bằng phiếu ở vị trí cuối vượt quá số lượng được bầu: không đơn vị nào trúng cử.")
    return lines


def _figures(result: dict) -> list[str]:
    """What the count found (session.result, see voting.services.sessions.session_count)."""
    return _punctuate(
        [
            f"Tổng số đại biểu có quyền biểu quyết: {result.get('entitled', 0)}",
            f"Số đại biểu có mặt: {result.get('present', 0)}",
            f"Số phiếu phát ra: {result.get('issued', 0)} (trong đó phiếu giấy: {result.get('paper_issued', 0)})",
            f"Số phiếu thu vào: {result.get('ballots', 0)} (bỏ phiếu điện tử: {result.get('electronic', 0)}, phiếu "
            f"giấy: {result.get('paper_returned', 0)})",
            f"Số phiếu hợp lệ: {result.get('valid', 0)}",
            f"Số phiếu không hợp lệ: {result.get('invalid', 0)}",
        ]
    )


def _quorum_line(session: BallotSession) -> str:
    result = session.result
    figures = f"{result.get('present', 0)}/{result.get('entitled', 0)}"
    if result.get("quorum_met"):
        return f"Số đại biểu có mặt ({figures}) đạt từ {_quorum_text(session)} trở lên: cuộc bỏ phiếu có giá trị."
    return (
        f"Số đại biểu có mặt ({figures}) không đạt {_quorum_text(session)}: cuộc bỏ phiếu không có giá trị, không "
        f"{_whom(session.conference)} nào {'được thông qua' if session.conference.is_council else 'trúng cử'}."
    )


def _outcome(session: BallotSession, candidate: Candidate, runoff_pools: set[int]) -> str:
    council = session.conference.is_council
    if candidate.passed:
        return "Thông qua" if council else "Trúng cử"
    reason = _reason(candidate)
    if candidate.reason == Reason.TIE and candidate.pool_id in runoff_pools:
        return f"{reason}: bỏ phiếu lại"
    fail = "Không thông qua" if council else "Không trúng cử"
    return f"{fail}: {_lower_first(reason)}" if reason else fail


def _round(session: BallotSession, pools: list[tuple[Pool, list[Candidate]]], *, several: bool) -> dict:
    result = session.result
    runoff_pools = {int(pk) for pk in (result.get("runoff") or {})}
    if not several:
        heading = ""
    elif session.round == 1:
        heading = "Vòng 1"
    else:
        heading = f"Vòng {session.round} (bỏ phiếu lại giữa các {_whom(session.conference)} bằng phiếu ở vị trí cuối)"
    tables = []
    for pool, candidates in pools:
        if session.conference.is_council:
            pool_heading = f"Kết quả biểu quyết ({len(candidates)} trường hợp):"
        else:
            pool_heading = f"Nhóm «{pool.name}» (bầu không quá {pool.quota} trong số {len(candidates)} đơn vị):"
        tables.append(
            {
                "heading": pool_heading,
                "rows": [
                    {
                        "order": str(index),
                        "name": candidate.name,
                        "detail": _detail(candidate),
                        "votes": str(candidate.votes or 0),
                        "percent": _percent(candidate.percent),
                        "outcome": _outcome(session, candidate, runoff_pools),
                    }
                    for index, candidate in enumerate(candidates, 1)
                ],
            }
        )
    return {
        "heading": heading,
        "figures": _figures(result),
        "quorum": _quorum_line(session),
        "base": f"Tỷ lệ (%) tính trên {_BASE_WORDS[session.threshold_base]}: {result.get('base', 0)}.",
        "pools": tables,
    }


def _conclusion(rounds: Sequence[BallotSession], pools: dict[int, list[tuple[Pool, list[Candidate]]]]) -> dict:
    """Who the vote chose: per pool the winners of every round (a run-off's pool keeps its first round's name), or
    for the council the nominations passed and those not passed; nobody when the quorum was not met."""
    first = rounds[0]
    conference = first.conference
    what = _what(first)
    if not first.result.get("quorum_met"):
        return {
            "text": f"Số đại biểu có mặt không đạt {_quorum_text(first)}: kết quả bỏ phiếu {what} không có giá trị.",
            "groups": [],
        }
    if conference.is_council:
        candidates = [c for _pool, items in pools[first.pk] for c in items]
        passed = [c for c in candidates if c.passed]
        failed = [c for c in candidates if not c.passed]
        groups = [
            {
                "title": f"Được thông qua ({len(passed)} trường hợp):",
                "lines": _punctuate([_full_name(c) for c in passed] or ["Không có"]),
            },
            {
                "title": f"Không được thông qua ({len(failed)} trường hợp):",
                "lines": _punctuate([f"{_full_name(c)} ({_lower_first(_reason(c))})" for c in failed] or ["Không có"]),
            },
        ]
        return {"text": f"Căn cứ kết quả kiểm phiếu, Hội đồng {what} như sau:", "groups": groups}
    winners: dict[str, list[str]] = {pool.name: [] for pool, _items in pools[first.pk]}
    for session in rounds:
        for pool, items in pools[session.pk]:
            winners.setdefault(pool.name, []).extend(c.name for c in items if c.passed)
    total = sum(len(names) for names in winners.values())
    phrase = title_phrase(first.title, conference.year)
    if not total:
        return {"text": f"Căn cứ kết quả kiểm phiếu, không có đơn vị nào trúng cử {phrase}.", "groups": []}
    groups = [
        {
            "title": f"Nhóm «{name}» ({len(names)} đơn vị):",
            "lines": _punctuate(names or ["Không có đơn vị nào trúng cử"]),
        }
        for name, names in winners.items()
    ]
    return {"text": f"Căn cứ kết quả kiểm phiếu, {total} đơn vị sau đây trúng cử {phrase}:", "groups": groups}


def _verification(rounds: Sequence[BallotSession]) -> list[str]:
    """The published hashes, printed small: anyone entitled can recompute them from the ballots and the list."""
    lines = []
    for session in rounds:
        prefix = f"Vòng {session.round} - " if len(rounds) > 1 else ""
        lines.append(
            f"{prefix}Mã băm cuối chuỗi phiếu điện tử: {session.chain_head or '-'}; sau khi nhập phiếu giấy: "
            f"{session.final_head or '-'}; dấu vân tay danh sách đại biểu có quyền biểu quyết: "
            f"{session.entitled_fingerprint or '-'}."
        )
    return lines


def _signature_rows(committee: list[dict], conference: Conference) -> list[list[dict]]:
    """The signature blocks two by two: the committee's head and members, then the chair on a row of its own."""
    cells = [
        {
            "role": "TRƯỞNG BAN KIỂM PHIẾU" if member["head"] else "THÀNH VIÊN BAN KIỂM PHIẾU",
            "name": member["name"] or DOTTED_NAME,
        }
        for member in committee
    ]
    rows = [cells[index : index + 2] for index in range(0, len(cells), 2)]
    chair = "CHỦ TRÌ PHIÊN HỌP" if conference.is_council else "CHỦ TRÌ HỘI NGHỊ"
    rows.append([{"role": chair, "name": conference.chair_name or DOTTED_NAME}])
    return rows


@translation.override("vi")
def minutes_data(*, rounds: Sequence[BallotSession], number: str) -> dict:
    """Everything the vote-count minutes (Biên bản kiểm phiếu) of one vote show, frozen: `rounds` are its first
    round and its run-offs, in order, all counted. The header (issuer, number, the conference's place and date),
    BIÊN BẢN and its subject, the opening paragraph, the counting committee, the rules applied, per round the
    figures and a table per pool (votes, percentage of the base, passed or not and why), the conclusion, the
    published hashes and the signature blocks. Reads the conference, its committee and the rounds' candidates."""
    rounds = list(rounds)
    first = rounds[0]
    conference = first.conference
    pools = _pools(rounds)
    committee = _committee(conference)
    what = _what(first)
    sections = [
        {"heading": "I. THÀNH PHẦN BAN KIỂM PHIẾU", "lines": _committee_lines(committee)},
        {"heading": "II. NGUYÊN TẮC BỎ PHIẾU", "lines": _settings_lines(first, pools[first.pk])},
    ]
    return {
        "issuer": _issuer(conference),
        "number": number,
        "place": conference.place,
        "date": conference.date.isoformat(),
        "type_name": "BIÊN BẢN",
        "subject": f"Kiểm phiếu {what}",
        "opening": (
            f"Hôm nay, {date_long(conference.date)}, tại {conference.place}, {conference.name} do đồng chí "
            f"{conference.chair_name} chủ trì đã tiến hành bỏ phiếu kín {what}. Ban kiểm phiếu đã kiểm phiếu và "
            "lập biên bản như sau:"
        ),
        "name_column": _name_column(conference),
        "sections": sections,
        "results_heading": "III. KẾT QUẢ KIỂM PHIẾU",
        "rounds": [_round(session, pools[session.pk], several=len(rounds) > 1) for session in rounds],
        "conclusion_heading": "IV. KẾT LUẬN",
        "conclusion": _conclusion(rounds, pools),
        "closing": (
            "Biên bản được lập ngay sau khi kiểm phiếu, đã được công bố tại "
            f"{'phiên họp' if conference.is_council else 'Hội nghị'} và được các thành viên "
            "Ban kiểm phiếu nhất trí ký tên."
        ),
        "verification_title": "Thông tin kiểm chứng (công bố khi kết thúc bỏ phiếu):",
        "verification": _verification(rounds),
        "signature_rows": _signature_rows(committee, conference),
    }


# The numbered paper ballots ----------------------------------------------------------------------------------


def papers_title(session: BallotSession) -> str:
    """ "Phiếu bầu Cờ thi đua ... năm 2016 - Hội nghị ..." (with its round for a run-off)."""
    kind = "Phiếu biểu quyết" if session.conference.is_council else "Phiếu bầu"
    round_text = f" (vòng {session.round})" if session.round > 1 else ""
    phrase = title_phrase(session.title, session.conference.year)
    return f"{kind} {phrase}{round_text} - {session.conference.name}"


def _paper_instructions(session: BallotSession, pools: list[tuple[Pool, list[Candidate]]]) -> list[str]:
    council = session.conference.is_council
    whom = _whom(session.conference)
    if session.ballot_form == BallotSession.Form.CHOOSE:
        if len(pools) == 1:
            most = f"tối đa {pools[0][0].quota} {whom}"
        else:
            most = "mỗi nhóm không quá số lượng được bầu ghi ở đầu nhóm"
        lines = [f"Đánh dấu X vào ô của {whom} được chọn, {most}; ô không đánh dấu là không chọn."]
        over = "Phiếu chọn quá số lượng được bầu của một nhóm là phiếu không hợp lệ."
    else:
        lines = [
            "Mỗi dòng đánh dấu X vào một trong hai ô «Đồng ý» hoặc «Không đồng ý»; dòng không đánh dấu được tính "
            "là không đồng ý."
        ]
        over = "Phiếu đồng ý quá số lượng được bầu của một nhóm là phiếu không hợp lệ."
    if not council:
        lines.append(over)
    lines.append("Không ghi thêm bất cứ nội dung nào khác lên phiếu.")
    return lines


@translation.override("vi")
def papers_data(*, session: BallotSession, copies: int) -> dict:
    """Everything the paper ballots of an open session show, frozen: `copies` papers numbered 001, 002, ..., each
    with the header, PHIẾU BẦU (PHIẾU BIỂU QUYẾT at the council), the title and year, the conference, per pool
    its quota and candidates in order with the boxes of the session's form, and how to mark. No voter's name."""
    conference = session.conference
    council = conference.is_council
    pools = _pools([session])[session.pk]
    tables = []
    for pool, candidates in pools:
        if council:
            heading = f"Biểu quyết đồng ý hoặc không đồng ý với từng trường hợp ({len(candidates)} trường hợp)"
        else:
            heading = f"Nhóm «{pool.name}»: bầu không quá {pool.quota} trong số {len(candidates)} đơn vị"
        tables.append(
            {
                "heading": heading,
                "rows": [
                    {"order": str(index), "name": c.name, "detail": _detail(c)} for index, c in enumerate(candidates, 1)
                ],
            }
        )
    boxes = ["Chọn"] if session.ballot_form == BallotSession.Form.CHOOSE else ["Đồng ý", "Không đồng ý"]
    digits = max(3, len(str(copies)))
    return {
        "issuer": _issuer(conference),
        "place": conference.place,
        "date": conference.date.isoformat(),
        "type_name": "PHIẾU BIỂU QUYẾT" if council else "PHIẾU BẦU",
        "subject": title_phrase(session.title, conference.year),
        "round": f"Bỏ phiếu lại (vòng {session.round})" if session.round > 1 else "",
        "conference": f"{conference.name} ({conference.place}, {date_long(conference.date)})",
        "name_column": _name_column(conference),
        "boxes": boxes,
        "pools": tables,
        "instructions_title": "Cách ghi phiếu:",
        "instructions": _paper_instructions(session, pools),
        "copies": copies,
        "numbers": [f"{n:0{digits}d}" for n in range(1, copies + 1)],
    }
