"""The demo world's 2016 summary reports, built through the report services once the votes are in (voting/demo.py
calls build_report_demo after its conferences, council and decisions): Cluster I's report, written by its leader
unit (the demo account cumtruong.cum1), and the ministry's, written by the board (bantdkt), each with its PDF.

The figures are the demo world's own (voting/reports/selectors.py reads them): 11 units, 100 % registered, 3
movements, the banners voted, the 2017 leader and deputy, as the seed has them. The narrative is written in our own
words from the seed's points (the conference of Cụm thi đua số I on 22/11/2016): registration done democratically
by every civil servant, evaluation tied to the annual assessment, the cluster's movement on applying IT; too little
attention to thematic movements and to finding and replicating exemplary models, methods not renewed; for 2017,
the sector's movements, campaigns by period and by theme, renewed methods and better commendation. Its facts
(numbers, names) are read from the figures, so that it says what they say. Illustrative, not from the seed: the
causes of the limitations, the ministry's report and its wording, the ministry report's date (12/01/2017).
"""

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.documents.models import RenderedDocument
from thidua.documents.services import document_render
from thidua.org.demo import CLUSTER_I, LOGINS
from thidua.org.models import ClusterTerm, Role
from voting.models import SummaryReport

from .reports import selectors, services
from .reports.selectors import MinistryFigures, TermFigures, banner_winners
from .reports.text import count_text, date_short, names_text, percent_text, usual_title

YEAR = 2016
MINISTRY_REPORT_DATE = datetime.date(2017, 1, 12)


def _account(role: str):
    username = next((login.username for login in LOGINS if login.role == role), None)
    return get_user_model().objects.filter(username=username).first() if username else None


def _banners(figures) -> str:
    ranked = {v.title_code: v.title_rank for v in figures.votes}
    parts = [
        f"{usual_title(name)} cho {names_text(winners)}"
        for code, name, winners in sorted(banner_winners(figures.votes), key=lambda row: -ranked[row[0]])
        if winners
    ]
    return names_text(parts)


def cluster_narrative(figures: TermFigures) -> dict[str, str]:
    """Cluster I's narrative: the seed's points in our own words, its facts read from the figures."""
    total = figures.participation.total
    own = [m.name for m in figures.movements if not m.by_ministry]
    when = f" ngày {date_short(figures.conference.date)}" if figures.conference else ""
    following = figures.next_leaders
    achievements = [
        f"Năm {figures.year}, công tác thi đua, khen thưởng của {figures.cluster} được triển khai kịp thời, đồng bộ "
        f"và gắn với nhiệm vụ chuyên môn của {len(figures.participation.units)} đơn vị thành viên; các phong trào "
        "thi đua đạt hiệu quả, góp phần hoàn thành nhiệm vụ chính trị của Bộ, ngành trong năm.",
        f"Việc đăng ký thi đua được tổ chức dân chủ, công khai: {percent_text(total)} công chức các đơn vị "
        f"({count_text(total.registered)} người) đăng ký thi đua, nhiều tập thể, cá nhân mạnh dạn đăng ký danh "
        "hiệu cao.",
        f"Cụm đã thực hiện tốt {len(figures.movements)} phong trào thi đua"
        + (f"; nổi bật là phong trào của Cụm «{own[0]}»." if own else "."),
        "Việc bình xét thi đua gắn chặt hơn với đánh giá, xếp loại công chức hằng năm ở từng đơn vị.",
    ]
    banners = _banners(figures)
    if banners:
        achievements.append(f"Hội nghị tổng kết{when} đã bỏ phiếu kín suy tôn {banners}.")
    if following is not None and following.leader:
        sentence = f"{following.leader_label} năm {following.year} là {following.leader}"
        if following.deputies:
            sentence += f", {following.deputy_label} là {names_text(following.deputies)}"
        achievements.append(sentence + ".")
    limitations = [
        "Một số đơn vị chưa thật sự quan tâm tổ chức các phong trào thi đua theo chuyên đề.",
        "Việc phát hiện, bồi dưỡng và nhân rộng nhân tố mới, điển hình tiên tiến còn ít.",
        "Nội dung, cách thức tổ chức một số phong trào chậm đổi mới, chưa bám sát nhiệm vụ trọng tâm của Bộ, ngành "
        "trong từng thời điểm và điều kiện của từng đơn vị.",
        "Nguyên nhân: khối lượng nhiệm vụ chuyên môn lớn; việc theo dõi, sơ kết các đợt thi đua ngắn hạn và theo "
        "chuyên đề chưa thường xuyên.",
    ]
    directions = [
        f"Năm {figures.year + 1}, Cụm tích cực thực hiện các phong trào thi đua do Bộ, ngành Tư pháp phát động; chú "
        "trọng tổ chức thi đua theo đợt, theo chuyên đề.",
        "Tiếp tục đổi mới nội dung, biện pháp tổ chức phong trào và nâng cao chất lượng khen thưởng, để thi đua thực "
        "sự là động lực giúp công chức các đơn vị hoàn thành xuất sắc nhiệm vụ.",
        "Quan tâm phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến.",
    ]
    if following is not None and following.leader:
        directions.append(
            f"{following.leader_label} năm {following.year} ({following.leader}) chủ trì xây dựng kế hoạch và ký kết "
            f"giao ước thi đua năm {following.year} giữa các đơn vị thành viên."
        )
    return {
        "achievements": "\n".join(achievements),
        "limitations": "\n".join(limitations),
        "directions": "\n".join(directions),
    }


def ministry_narrative(figures: MinistryFigures) -> dict[str, str]:
    """The ministry's narrative (illustrative wording), its facts read from the figures."""
    total = figures.participation.total
    units = count_text(len(figures.participation.units))
    achievements = [
        f"Năm {figures.year}, các phong trào thi đua được triển khai rộng khắp trong {units} đơn vị thuộc Bộ; "
        f"{percent_text(total)} công chức, viên chức, người lao động ({count_text(total.registered)}/"
        f"{count_text(total.active)} người) đăng ký thi đua.",
        f"Bộ và các cụm, khối, khu vực đã phát động {len(figures.movements)} phong trào thi đua; "
        f"{len({v.cluster for v in figures.votes})} cụm, khối, khu vực đã tổ chức hội nghị tổng kết và bỏ phiếu suy "
        "tôn các tập thể dẫn đầu.",
    ]
    banners = _banners(figures)
    if banners:
        achievements.append(f"Các hội nghị tổng kết đã suy tôn {banners}.")
    if figures.decisions:
        lines = sum(d.lines for d in figures.decisions)
        achievements.append(
            f"Đã có {len(figures.decisions)} quyết định khen thưởng được ký với {count_text(lines)} lượt tập thể, cá "
            "nhân."
        )
    limitations = [
        "Ở một số đơn vị, phong trào thi đua theo chuyên đề chưa được quan tâm đúng mức; việc nhân rộng điển hình "
        "tiên tiến còn hạn chế.",
        "Nguyên nhân: việc sơ kết, tổng kết các phong trào ngắn hạn chưa thường xuyên; hồ sơ đề nghị khen thưởng ở "
        "một số nơi còn chậm.",
    ]
    directions = [
        f"Năm {figures.year + 1}, tiếp tục đổi mới nội dung, hình thức tổ chức các phong trào thi đua gắn với nhiệm "
        "vụ chính trị của Bộ, ngành; kịp thời phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến; nâng cao chất "
        "lượng công tác khen thưởng.",
    ]
    return {
        "achievements": "\n".join(achievements),
        "limitations": "\n".join(limitations),
        "directions": "\n".join(directions),
    }


def _write_and_print(report: SummaryReport, *, actor, narrative: dict[str, str], date=None) -> tuple[int, int]:
    """Write the narrative when the report has none yet, build its PDF once and render it here when no worker
    has yet; returns (narratives written, PDFs built)."""
    written = built = 0
    with transaction.atomic():
        if not report.is_written:
            report = services.report_narrative_save(actor=actor, report=report, revision=report.revision, **narrative)
            written = 1
        if not report.document_id:
            services.report_document_build(actor=actor, report=report, date=date)
            built = 1
    report = SummaryReport.objects.get(pk=report.pk)
    document = RenderedDocument.objects.get(pk=report.document_id)
    if document.status != RenderedDocument.Status.DONE:
        document_render(document_id=document.pk)
    return written, built


def build_report_demo(*, log: Callable[[str], None] | None = None) -> dict[str, int]:
    """Build (or complete) the 2016 summary reports of the demo world, after the voting demo's votes and decisions.

    Returns what was created, as {label: how many}; a run on a complete world creates and changes nothing (a
    narrative already written is never replaced). Side effects, through voting.reports.services: Cluster I's 2016
    report (its narrative written as the cluster leader's demo account, or the board's) and the ministry's 2016
    report (as the board's), each numbered in its issuer's BC series with its PDF rendered in-process when no
    worker has yet; audited.
    """
    log = log or (lambda _message: None)
    created: dict[str, int] = {}
    board = _account(Role.BOARD)
    if board is None:
        log(_("Báo cáo tổng kết: chưa có tài khoản Vụ Thi đua - Khen thưởng, bỏ qua."))
        return created
    term = ClusterTerm.objects.select_related("cluster").filter(cluster__name=CLUSTER_I, year=YEAR).first()
    jobs = []
    if term is not None:
        leader = _account(Role.CLUSTER_LEADER) or board
        jobs.append(
            (selectors.report_for_term(term), leader, lambda: cluster_narrative(selectors.term_figures(term)), None)
        )
    jobs.append(
        (
            selectors.report_for_ministry(YEAR),
            board,
            lambda: ministry_narrative(selectors.ministry_figures(YEAR)),
            MINISTRY_REPORT_DATE,
        )
    )
    for report, actor, narrative, date in jobs:
        log(_("báo cáo tổng kết năm %(year)s: %(what)s") % {"year": YEAR, "what": report})
        if report.is_written and report.document_id:
            continue
        written, built = _write_and_print(
            report, actor=actor, narrative=narrative() if not report.is_written else {}, date=date
        )
        if written:
            created[_("báo cáo tổng kết")] = created.get(_("báo cáo tổng kết"), 0) + written
        if built:
            created[_("bản PDF báo cáo tổng kết")] = created.get(_("bản PDF báo cáo tổng kết"), 0) + built
    return created
