"""The data the summary report's PDF shows, frozen: its header (the cluster under the Ministry, or the Ministry's
emulation board), number, place and date, the narrative, every figure as printed text, and the charts as
Chart.as_dict().

Rendering reads only what report_data returns (RenderedDocument.data): plain JSON, dates as ISO text, every printed
line decided here, so that the same data always prints the same bytes. A printed document is a legal text in
Vietnamese whatever the portal's language: the wording is not translated, and what comes from gettext (labels,
the charts' titles) is read in Vietnamese.
"""

import datetime
from dataclasses import dataclass

from django.utils import translation

from campaigns.documents import (
    cluster_code,
    head_person_name,
    issuer_lines,
    ministry_unit,
    paragraphs,
    place_of,
    unit_short_code,
)
from thidua.org.models import ClusterMembership, ClusterTerm, Unit
from thidua.org.selectors import role_label

from .charts import ministry_charts, term_charts
from .drafts import Narrative
from .selectors import MinistryFigures, TermFigures, VoteResult, banner_winners
from .text import (
    cluster_word,
    count_text,
    date_or_dash,
    date_short,
    names_text,
    percent_text,
    points_or_dash,
    points_text,
    usual_title,
)

REPORT_TEMPLATE = "documents/summary_report.html"
REPORT_KIND = "voting.summary_report"
BOARD_NAME = "Vụ Thi đua - Khen thưởng"
BOARD_CODE = "TĐKT"
MINISTRY_NAME = "Bộ Tư pháp"
ROMAN = ("I", "II", "III")


@dataclass(frozen=True)
class Header:
    """Who issues the report and how it is signed and sent: decided by the service, printed as is."""

    issuer: dict
    issuer_code: str
    place: str
    signer: dict
    recipients: tuple[str, ...]


@translation.override("vi")
def term_header(term: ClusterTerm, leader: Unit | None) -> Header:
    """The cluster under the Ministry, numbered in its leader unit's series; signed on the cluster's behalf by
    the head of its leader unit (Cụm trưởng)."""
    code = cluster_code(term, leader)
    return Header(
        issuer=issuer_lines(term=term, issuer=leader) if leader else _cluster_issuer(term),
        issuer_code=code,
        place=place_of(leader),
        signer={
            "authority": f"TM. {term.cluster.name}",
            "position": role_label(ClusterMembership.Role.LEADER, term.kind),
            "name": head_person_name(leader) if leader else "",
        },
        recipients=(
            "Hội đồng Thi đua - Khen thưởng Bộ (để báo cáo)",
            "Vụ Thi đua - Khen thưởng",
            f"Các đơn vị thành viên {term.cluster.name}",
            f"Lưu: VT, {unit_short_code(leader) if leader else code}",
        ),
    )


def _cluster_issuer(term: ClusterTerm) -> dict:
    ministry = ministry_unit()
    return {"parent": ministry.name if ministry else MINISTRY_NAME, "name": term.cluster.name}


def ministry_header() -> Header:
    """The Ministry's emulation board (Vụ Thi đua - Khen thưởng) under the Ministry, numbered in its BC series,
    signed by the head of the board (when the board is a unit with a head on record)."""
    ministry = ministry_unit()
    board = Unit.objects.filter(name=BOARD_NAME).select_related("kind").order_by("pk").first()
    return Header(
        issuer={"parent": ministry.name if ministry else MINISTRY_NAME, "name": BOARD_NAME},
        issuer_code=BOARD_CODE,
        place=place_of(ministry),
        signer={"authority": "", "position": "VỤ TRƯỞNG", "name": head_person_name(board) if board else ""},
        recipients=(
            "Bộ trưởng (để báo cáo)",
            "Các Thứ trưởng",
            "Hội đồng Thi đua - Khen thưởng Bộ",
            "Các đơn vị thuộc Bộ",
            f"Lưu: VT, {BOARD_CODE}",
        ),
    )


def report_subject(*, year: int, cluster: str | None) -> str:
    return f"Tổng kết công tác thi đua, khen thưởng năm {year} của {cluster or MINISTRY_NAME}"


def report_title(*, year: int, cluster: str | None) -> str:
    """The document's title in lists."""
    return f"Báo cáo tổng kết công tác thi đua, khen thưởng năm {year} của {cluster or MINISTRY_NAME}"


# Figures as printed -------------------------------------------------------------------------------------------


def _rate(rate) -> dict:
    return {
        "active": count_text(rate.active),
        "registered": count_text(rate.registered),
        "missing": count_text(rate.missing),
        "rate": percent_text(rate),
    }


def _movements(rows) -> list[dict]:
    return [
        {
            "name": m.name,
            "kind": m.kind_label,
            "launched_by": m.launched_by,
            "period": f"{date_short(m.start)} – {date_short(m.end)}",
        }
        for m in rows
    ]


def _titles(rows) -> list[dict]:
    return [
        {
            "name": t.name,
            "subject": t.subject_label,
            "registered": count_text(t.registered),
            "awarded": count_text(t.awarded),
        }
        for t in rows
    ]


def _ratings(ratings) -> list[dict]:
    return [{"label": label, "count": count_text(n)} for _code, label, n in ratings.rows()] + [
        {"label": "Tổng số", "count": count_text(ratings.members)}
    ]


def _vote(vote: VoteResult) -> dict:
    return {
        "title": usual_title(vote.title_name),
        "round": vote.round,
        "round_text": f" (vòng {vote.round})" if vote.round > 1 else "",
        "summary": (
            f"Số đại biểu có quyền biểu quyết: {count_text(vote.entitled)}; có mặt: {count_text(vote.present)}; số "
            f"phiếu thu vào: {count_text(vote.ballots)} ({count_text(vote.valid)} phiếu hợp lệ, "
            f"{count_text(vote.invalid)} phiếu không hợp lệ)."
        ),
        "candidates": [
            {
                "name": c.name,
                "votes": "—" if c.votes is None else count_text(c.votes),
                "percent": "—" if c.percent is None else percent_text(c.percent, 2),
                "result": "Trúng cử" if c.passed else (c.reason_label or "Không trúng cử"),
            }
            for c in vote.candidates
        ],
        "winners": names_text(vote.winners),
    }


def _leaders(leaders) -> dict | None:
    if leaders is None:
        return None
    decision = ""
    if leaders.decision_number:
        decision = f"Quyết định số {leaders.decision_number}"
        if leaders.decision_date:
            decision += f" ngày {date_short(leaders.decision_date)}"
        if leaders.decision_status:
            decision += f" ({leaders.decision_status.lower()})"
    return {
        "year": leaders.year,
        "leader_label": leaders.leader_label,
        "deputy_label": leaders.deputy_label,
        "leader": leaders.leader or "Chưa có",
        "deputies": names_text(leaders.deputies) or "Chưa có",
        "decision": decision,
    }


def _narrative(narrative: Narrative) -> dict:
    return {
        "achievements": paragraphs(narrative.achievements),
        "limitations": paragraphs(narrative.limitations),
        "directions": paragraphs(narrative.directions),
    }


def _charts(charts: dict) -> dict:
    frozen = {}
    for name, value in charts.items():
        if isinstance(value, list):
            frozen[name] = [chart.as_dict() for chart in value]
        else:
            frozen[name] = value.as_dict() if value is not None else None
    return frozen


def _common(*, header: Header, number: str, date: datetime.date, year: int, cluster: str | None) -> dict:
    return {
        "issuer": header.issuer,
        "number": number,
        "place": header.place,
        "date": date.isoformat(),
        "type_name": "BÁO CÁO",
        "subject": report_subject(year=year, cluster=cluster),
        "signer": header.signer,
        "recipients": list(header.recipients),
        "year": year,
        "next_year": year + 1,
        "headings": {
            "results": f"{ROMAN[0]}. KẾT QUẢ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {year}",
            "limitations": f"{ROMAN[1]}. HẠN CHẾ, NGUYÊN NHÂN",
            "directions": f"{ROMAN[2]}. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}",
        },
    }


@translation.override("vi")
def term_data(*, figures: TermFigures, narrative: Narrative, header: Header, number: str, date: datetime.date) -> dict:
    """Everything a cluster term's report shows, frozen. Reads nothing from the database."""
    word = cluster_word(figures.cluster_kind)
    participation = figures.participation
    covenant = figures.covenant
    awards: list[dict] = []
    for line in figures.awards:
        if not awards or awards[-1]["decision_id"] != line.decision_id:
            awards.append(
                {
                    "decision_id": line.decision_id,
                    "heading": f"Quyết định số {line.number} ngày {date_short(line.date)} của {line.issuer} tặng "
                    f"{usual_title(line.title_name)}",
                    "lines": [],
                }
            )
        awards[-1]["lines"].append(
            {"name": line.name, "detail": ", ".join(p for p in (line.position, line.unit_name) if p)}
        )
    conference = figures.conference
    charts = term_charts(figures)
    return {
        **_common(header=header, number=number, date=date, year=figures.year, cluster=figures.cluster),
        "kind": "cluster",
        "cluster": figures.cluster,
        "word": word,
        "intro": (
            f"Thực hiện các kế hoạch phát động phong trào thi đua của Bộ, ngành và của {word} năm {figures.year}, "
            f"{figures.cluster} báo cáo tổng kết công tác thi đua, khen thưởng năm {figures.year} như sau:"
        ),
        "narrative": _narrative(narrative),
        "participation": {
            "count": count_text(len(participation.units)),
            "units": [
                {"name": u.name, "role": u.role_label if u.role != "member" else "", **_rate(u.rate)}
                for u in participation.units
            ],
            "total": _rate(participation.total),
        },
        "movements": _movements(figures.movements),
        "covenant": None
        if covenant is None
        else {
            "title": covenant.title,
            "status": covenant.status_label,
            "max": points_text(covenant.max_total),
            "scorers": f"{covenant.scorers_done}/{covenant.members}",
            "rows": [
                {
                    "rank": str(r.rank) if r.rank else "—",
                    "name": r.name,
                    "self": points_or_dash(r.self_total),
                    "cross": points_or_dash(r.cross_average),
                    "total": points_or_dash(r.total),
                }
                for r in covenant.rows
            ],
        },
        "titles": _titles(figures.titles),
        "ratings": _ratings(figures.ratings),
        "conference": None
        if conference is None
        else {"name": conference.name, "date": date_short(conference.date), "place": conference.place},
        "votes": [
            {**_vote(v), "chart": chart.as_dict()} for v, chart in zip(figures.votes, charts.pop("votes"), strict=True)
        ],
        "awards": awards,
        "leaders": {"current": _leaders(figures.leaders), "next": _leaders(figures.next_leaders)},
        "charts": _charts(charts),
    }


@translation.override("vi")
def ministry_data(
    *, figures: MinistryFigures, narrative: Narrative, header: Header, number: str, date: datetime.date
) -> dict:
    """Everything the ministry's report shows, frozen; the units' participation in an annex. Reads nothing from
    the database."""
    participation = figures.participation
    banners = []
    for cluster in dict.fromkeys(v.cluster for v in figures.votes):
        for _code, name, winners in banner_winners([v for v in figures.votes if v.cluster == cluster]):
            banners.append(
                {"cluster": cluster, "title": usual_title(name), "count": len(winners), "names": names_text(winners)}
            )
    return {
        **_common(header=header, number=number, date=date, year=figures.year, cluster=None),
        "kind": "ministry",
        "intro": (
            f"{BOARD_NAME} báo cáo tổng kết công tác thi đua, khen thưởng năm {figures.year} của {MINISTRY_NAME} "
            "như sau:"
        ),
        "narrative": _narrative(narrative),
        "participation": {
            "count": count_text(len(participation.units)),
            "total": _rate(participation.total),
            "clusters": [
                {"name": c.cluster, "members": count_text(c.members), **_rate(c.rate)} for c in participation.clusters
            ],
            "kinds": [{"name": k.kind, "units": count_text(k.units), **_rate(k.rate)} for k in participation.kinds],
            "units": [{"name": u.name, "kind": u.kind, **_rate(u.rate)} for u in participation.units],
        },
        "movements": _movements(figures.movements),
        "rankings": [
            {
                "cluster": r.cluster,
                "status": r.status_label,
                "scorers": f"{r.scorers_done}/{r.members}",
                "top": names_text([row.name for row in r.top]) or "—",
                "score": f"{points_or_dash(r.top[0].total)}/{points_text(r.max_total)}" if r.top else "—",
            }
            for r in figures.rankings
        ],
        "titles": _titles(figures.titles),
        "ratings": _ratings(figures.ratings),
        "banners": banners,
        "decisions": [
            {
                "number": d.number,
                "date": date_or_dash(d.date),
                "title": usual_title(d.title_name),
                "issuer": d.issuer,
                "lines": count_text(d.lines),
            }
            for d in figures.decisions
        ],
        "leaders": [
            {"cluster": c.cluster, "current": _leaders(c.current), "next": _leaders(c.next)} for c in figures.leaders
        ],
        "charts": _charts(ministry_charts(figures)),
    }
