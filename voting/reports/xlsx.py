"""The summary report's figures as an xlsx workbook (openpyxl, write-only): one sheet per table of the report, the
numbers as numbers (rates as fractions formatted in per cent), so that they can be summed and charted again."""

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from campaigns.selectors.dashboard import Rate

from .selectors import MinistryFigures, TermFigures, banner_winners

PERCENT_FORMAT = "0.0%"
POINTS_FORMAT = "0.00"


class _Book:
    def __init__(self):
        self.workbook = Workbook(write_only=True)
        self.bold = Font(bold=True)

    def sheet(self, title: str, *headers: str):
        sheet = self.workbook.create_sheet(title[:31])
        if headers:
            cells = []
            for header in headers:
                cell = WriteOnlyCell(sheet, value=str(header))
                cell.font = self.bold
                cells.append(cell)
            sheet.append(cells)
        return sheet

    @staticmethod
    def percent(sheet, rate: Rate | None):
        value = None if rate is None or rate.percent is None else float(rate.percent) / 100
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = PERCENT_FORMAT
        return cell

    @staticmethod
    def points(sheet, value: Decimal | None):
        cell = WriteOnlyCell(sheet, value=None if value is None else float(value))
        cell.number_format = POINTS_FORMAT
        return cell


def _rate_headers() -> tuple[str, str, str, str]:
    return (_("Công chức, người lao động"), _("Đã đăng ký"), _("Chưa đăng ký"), _("Tỷ lệ đăng ký"))


def _rate_cells(book: _Book, sheet, rate: Rate) -> list:
    return [rate.active, rate.registered, rate.missing, book.percent(sheet, rate)]


def _movements(book: _Book, movements) -> None:
    sheet = book.sheet(_("Phong trào"), _("Phong trào thi đua"), _("Loại"), _("Phát động"), _("Từ ngày"), _("Đến ngày"))
    for m in movements:
        sheet.append([m.name, m.kind_label, m.launched_by, m.start, m.end])


def _titles(book: _Book, figures) -> None:
    sheet = book.sheet(_("Danh hiệu"), _("Danh hiệu, hình thức"), _("Đối tượng"), _("Đăng ký"), _("Đạt"))
    for t in figures.titles:
        sheet.append([t.name, t.subject_label, t.registered, t.awarded])
    sheet = book.sheet(_("Xếp loại"), _("Xếp loại"), _("Số người"))
    for _code, label, n in figures.ratings.rows():
        sheet.append([label, n])


def _votes(book: _Book, votes) -> None:
    sheet = book.sheet(
        _("Bỏ phiếu"),
        _("Cụm, khối, khu vực"),
        _("Danh hiệu"),
        _("Vòng"),
        _("Có quyền biểu quyết"),
        _("Có mặt"),
        _("Phiếu hợp lệ"),
        _("Ứng viên"),
        _("Số phiếu đồng ý"),
        _("Tỷ lệ (%)"),
        _("Trúng cử"),
    )
    for vote in votes:
        for c in vote.candidates:
            sheet.append(
                [
                    vote.cluster,
                    vote.title_name,
                    vote.round,
                    vote.entitled,
                    vote.present,
                    vote.valid,
                    c.name,
                    c.votes,
                    None if c.percent is None else float(c.percent),
                    _("Có") if c.passed else _("Không"),
                ]
            )


def _leaders_row(leaders) -> list:
    if leaders is None:
        return ["", "", ""]
    return [leaders.leader, ", ".join(leaders.deputies), leaders.decision_number]


def _term(book: _Book, figures: TermFigures) -> None:
    summary = book.sheet(_("Tổng hợp"))
    summary.append(
        [_("Báo cáo tổng kết năm %(year)s: %(cluster)s") % {"year": figures.year, "cluster": figures.cluster}]
    )
    summary.append([_("Số đơn vị thành viên"), len(figures.participation.units)])
    total = figures.participation.total
    for label, value in zip(_rate_headers(), _rate_cells(book, summary, total), strict=True):
        summary.append([label, value])
    summary.append([_("Số phong trào thi đua"), len(figures.movements)])

    units = book.sheet(_("Đơn vị"), _("Đơn vị"), _("Loại đơn vị"), _("Vai trò"), *_rate_headers())
    for u in figures.participation.units:
        units.append([u.name, u.kind, u.role_label, *_rate_cells(book, units, u.rate)])
    _movements(book, figures.movements)

    ranking = book.sheet(
        _("Giao ước"), _("Xếp hạng"), _("Đơn vị"), _("Tự chấm"), _("Các đơn vị khác chấm (bình quân)"), _("Tổng điểm")
    )
    if figures.covenant is not None:
        for row in figures.covenant.rows:
            ranking.append(
                [
                    row.rank,
                    row.name,
                    book.points(ranking, row.self_total),
                    book.points(ranking, row.cross_average),
                    book.points(ranking, row.total),
                ]
            )
    _titles(book, figures)
    _votes(book, figures.votes)

    awards = book.sheet(
        _("Khen thưởng"), _("Số quyết định"), _("Ngày"), _("Danh hiệu, hình thức"), _("Tên"), _("Chức vụ"), _("Đơn vị")
    )
    for line in figures.awards:
        awards.append([line.number, line.date, line.title_name, line.name, line.position, line.unit_name])

    leaders = book.sheet(_("Cụm trưởng"), _("Năm"), _("Cụm trưởng"), _("Cụm phó"), _("Quyết định"))
    for row in (figures.leaders, figures.next_leaders):
        if row is not None:
            leaders.append([row.year, *_leaders_row(row)])


def _ministry(book: _Book, figures: MinistryFigures) -> None:
    participation = figures.participation
    summary = book.sheet(_("Tổng hợp"))
    summary.append([_("Báo cáo tổng kết toàn Bộ năm %(year)s") % {"year": figures.year}])
    summary.append([_("Số đơn vị"), len(participation.units)])
    for label, value in zip(_rate_headers(), _rate_cells(book, summary, participation.total), strict=True):
        summary.append([label, value])
    summary.append([_("Số phong trào thi đua"), len(figures.movements)])

    clusters = book.sheet(_("Theo cụm"), _("Cụm, khối, khu vực"), _("Số đơn vị"), *_rate_headers())
    for c in participation.clusters:
        clusters.append([c.cluster, c.members, *_rate_cells(book, clusters, c.rate)])
    kinds = book.sheet(_("Theo loại đơn vị"), _("Loại đơn vị"), _("Số đơn vị"), *_rate_headers())
    for k in participation.kinds:
        kinds.append([k.kind, k.units, *_rate_cells(book, kinds, k.rate)])
    units = book.sheet(_("Đơn vị"), _("Đơn vị"), _("Mã đơn vị"), _("Loại đơn vị"), *_rate_headers())
    for u in participation.units:
        units.append([u.name, u.unit_id, u.kind, *_rate_cells(book, units, u.rate)])
    _movements(book, figures.movements)

    rankings = book.sheet(
        _("Giao ước"), _("Cụm, khối, khu vực"), _("Đã chấm đủ"), _("Số đơn vị"), _("Dẫn đầu"), _("Điểm"), _("Tối đa")
    )
    for r in figures.rankings:
        top = r.top
        rankings.append(
            [
                r.cluster,
                r.scorers_done,
                r.members,
                ", ".join(row.name for row in top),
                book.points(rankings, top[0].total if top else None),
                book.points(rankings, r.max_total),
            ]
        )
    _titles(book, figures)

    banners = book.sheet(_("Suy tôn"), _("Cụm, khối, khu vực"), _("Danh hiệu"), _("Số tập thể"), _("Tập thể"))
    for cluster in dict.fromkeys(v.cluster for v in figures.votes):
        for _code, name, winners in banner_winners([v for v in figures.votes if v.cluster == cluster]):
            banners.append([cluster, name, len(winners), ", ".join(winners)])
    _votes(book, figures.votes)

    decisions = book.sheet(
        _("Quyết định"), _("Số quyết định"), _("Ngày"), _("Cơ quan quyết định"), _("Danh hiệu, hình thức"), _("Số dòng")
    )
    for d in figures.decisions:
        decisions.append([d.number, d.date, d.issuer, d.title_name, d.lines])

    leaders = book.sheet(
        _("Cụm trưởng"),
        _("Cụm, khối, khu vực"),
        _("Cụm trưởng năm %(year)s") % {"year": figures.year},
        _("Cụm phó năm %(year)s") % {"year": figures.year},
        _("Cụm trưởng năm %(year)s") % {"year": figures.year + 1},
        _("Cụm phó năm %(year)s") % {"year": figures.year + 1},
        _("Quyết định"),
    )
    for row in figures.leaders:
        following = _leaders_row(row.next)
        leaders.append([row.cluster, row.current.leader, ", ".join(row.current.deputies), *following])


def report_workbook(figures: TermFigures | MinistryFigures) -> Workbook:
    """The workbook of a report's figures: a few sheets, written in one pass (no query: the figures are read)."""
    book = _Book()
    (_ministry if figures.is_ministry else _term)(book, figures)
    return book.workbook
