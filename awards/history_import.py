"""The award history's file format: reading an xlsx (or csv) file of past awards into plain rows, and writing the
template and the export in the same columns. No database access: awards.services.history checks the rows.

Row numbers are Excel's: the header is row 1, so the first data row is row 2. Column headers are fixed Vietnamese
words, not translated: they are a file format, and a file made with the interface in English must import
unchanged. The xlsx reader is campaigns' fast one (campaigns.imports.sheet_rows), with its cell cleaning and its
header comparison (no diacritics, case or extra spaces).
"""

import csv
import datetime
import io
from dataclasses import astuple, dataclass

from django.utils.translation import gettext as _

from campaigns.imports import FileProblem, clean, header_key, sheet_rows

COL_YEAR = "Năm"
COL_TITLE = "Danh hiệu, hình thức"
COL_NAME = "Họ và tên"
COL_COLLECTIVE = "Tập thể"
COL_UNIT = "Đơn vị"
COL_UNIT_CODE = "Mã đơn vị"
COL_CODE = "Mã cá nhân"
COL_DECISION_NUMBER = "Số quyết định"
COL_DECISION_DATE = "Ngày quyết định"
COL_DECISION_ISSUER = "Cơ quan quyết định"
COL_NOTES = "Ghi chú"
COL_SOURCE = "Nguồn"  # in the export only; ignored when the file is imported back

# key → (header, required), in the order of the template; the keys are HistoryRow's fields.
COLUMNS = {
    "year": (COL_YEAR, True),
    "title": (COL_TITLE, True),
    "name": (COL_NAME, False),
    "collective": (COL_COLLECTIVE, False),
    "unit": (COL_UNIT, True),
    "unit_code": (COL_UNIT_CODE, False),
    "code": (COL_CODE, False),
    "decision_number": (COL_DECISION_NUMBER, False),
    "decision_date": (COL_DECISION_DATE, False),
    "decision_issuer": (COL_DECISION_ISSUER, False),
    "notes": (COL_NOTES, False),
}
# Other headers people write for the same columns (the registrations file says «Danh hiệu»).
ALIASES = {
    "Danh hiệu": "title",
    "Danh hiệu thi đua": "title",
    "Hình thức khen thưởng": "title",
    "Danh hiệu, hình thức khen thưởng": "title",
    "Tên tập thể": "collective",
    "Số QĐ": "decision_number",
    "Ngày QĐ": "decision_date",
    "Cơ quan ban hành": "decision_issuer",
}
_HEADER_KEYS = {
    **{header_key(header): key for header, key in ALIASES.items()},
    **{header_key(header): key for key, (header, _required) in COLUMNS.items()},
}

# A file this size still checks and writes in a few seconds; the preview carries its rows to the confirmation.
MAX_ROWS = 20000
TEMPLATE_WIDTHS = (8, 40, 28, 36, 36, 12, 12, 18, 16, 30, 40)


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One data row as typed in the file: cells as text (a date cell as YYYY-MM-DD), nothing resolved yet."""

    number: int
    year: str
    title: str
    name: str
    collective: str
    unit: str
    unit_code: str
    code: str
    decision_number: str
    decision_date: str
    decision_issuer: str
    notes: str

    def as_list(self) -> list:
        return list(astuple(self))


_FIELDS = [name for name in HistoryRow.__dataclass_fields__ if name != "number"]


def _cell(value) -> str:
    # A date cell (openpyxl gives a datetime) as an ISO date, so that the services read it the same from any source.
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return clean(value)


def _columns(header: tuple) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _HEADER_KEYS.get(header_key(cell))
        if key is None:
            continue  # STT, Nguồn, anything else: ignored
        if key in found:
            raise FileProblem(_("Dòng 1: cột «%(column)s» xuất hiện hai lần.") % {"column": COLUMNS[key][0]})
        found[key] = index
    missing = [header for key, (header, required) in COLUMNS.items() if required and key not in found]
    if missing:
        raise FileProblem(
            _("Dòng 1: thiếu cột %(columns)s. Dòng đầu tiên phải là tên các cột: %(all)s.")
            % {
                "columns": ", ".join(_("«%(name)s»") % {"name": name} for name in missing),
                "all": ", ".join(_("«%(name)s»") % {"name": header} for header, _required in COLUMNS.values()),
            }
        )
    return found


def _csv_rows(fileobj):
    data = fileobj.read()
    fileobj.seek(0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(_("Không đọc được tệp CSV: hãy lưu tệp với mã hóa UTF-8 (CSV UTF-8).")) from None
    first_line = text.split("\n", 1)[0]
    # Excel writes «;» where the decimal separator is a comma, as in Vietnamese settings.
    delimiter = max(",;\t", key=first_line.count)
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)
    except csv.Error as exc:
        raise FileProblem(_("Không đọc được tệp CSV: %(error)s.") % {"error": exc}) from None


def is_csv(name: str) -> bool:
    return (name or "").lower().endswith(".csv")


def read_history_file(fileobj, *, name: str = "") -> list[HistoryRow]:
    """The data rows of an xlsx file's first sheet (or of a csv file, by its name), blank rows skipped.

    Raises FileProblem (in Vietnamese) for a file that cannot be read, a missing or repeated column, no data row,
    or more than MAX_ROWS of them.
    """
    rows = _csv_rows(fileobj) if is_csv(name) else sheet_rows(fileobj)
    first = next(rows, None)
    if first is None or first[0] != 1 or not any(clean(value) for value in first[1]):
        raise FileProblem(_("Tệp không có dữ liệu: dòng 1 phải là tên các cột."))
    columns = _columns(first[1])
    getters = [columns.get(key) for key in _FIELDS]
    out: list[HistoryRow] = []
    for number, values in rows:
        width = len(values)
        cells = [_cell(values[i]) if i is not None and i < width else "" for i in getters]
        if not any(cells):
            continue
        if len(out) >= MAX_ROWS:
            raise FileProblem(
                _("Tệp có hơn %(limit)s dòng dữ liệu: hãy chia thành nhiều tệp nhỏ hơn.") % {"limit": MAX_ROWS}
            )
        out.append(HistoryRow(number, *cells))
    if not out:
        raise FileProblem(_("Tệp không có dòng dữ liệu nào dưới dòng tên cột."))
    return out


# --- Writing: the template and the export ---------------------------------------------------------------------

EXPORT_HEADERS = [header for header, _required in COLUMNS.values() if header not in (COL_UNIT_CODE, COL_CODE)]
EXPORT_HEADERS.append(COL_SOURCE)
DATE_FORMAT = "DD/MM/YYYY"


def history_workbook(rows, *, sheet_title: str) -> bytes:
    """An xlsx workbook in the import format (without «Mã đơn vị», with «Nguồn»): one row per item of `rows`,
    each (year, title, name, collective, unit, decision number, decision date, issuer, notes, source). Streamed
    (openpyxl write-only), so a long export holds one row at a time."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    for letter, width in zip("ABCDEFGHIJ", (8, 40, 28, 36, 36, 18, 16, 30, 30, 26), strict=True):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    header = []
    for title in EXPORT_HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    date_column = EXPORT_HEADERS.index(COL_DECISION_DATE)
    for row in rows:
        values = list(row)
        if values[date_column] is not None:
            cell = WriteOnlyCell(sheet, value=values[date_column])
            cell.number_format = DATE_FORMAT
            values[date_column] = cell
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_workbook() -> bytes:
    """The template users download: the columns of the import and three example rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Khen thưởng"
    sheet.append([header for header, _required in COLUMNS.values()])
    issued = datetime.date(2016, 1, 15)
    examples = [
        [2015, "Chiến sĩ thi đua cơ sở", "Nguyễn Văn A", "", "Vụ Tổ chức cán bộ", "", "", "125/QĐ-BTP", issued],
        [2015, "Tập thể lao động xuất sắc", "", "", "Vụ Tổ chức cán bộ", "", "", "126/QĐ-BTP", issued],
        [
            2015,
            "Tập thể lao động tiên tiến",
            "",
            "Chi cục THADS huyện Văn Yên",
            "Cục THADS tỉnh Yên Bái",
            "",
            "",
            "",
            None,
        ],
    ]
    issuers = ["Bộ Tư pháp", "Bộ Tư pháp", "Cục THADS tỉnh Yên Bái"]
    notes = ["", "", "Tập thể ghi ở cột «Tập thể»; cột «Đơn vị» là đơn vị cấp trên của tập thể."]
    for values, issuer, note in zip(examples, issuers, notes, strict=True):
        sheet.append([*values, issuer, note])
        if values[-1] is not None:
            sheet.cell(row=sheet.max_row, column=9).number_format = DATE_FORMAT
    for letter, width in zip("ABCDEFGHIJK", TEMPLATE_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
