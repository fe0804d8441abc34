"""Reading an xlsx file of registrations into plain rows: headers, cells and row numbers, no database access.

Row numbers are Excel's: the header is row 1, so the first data row is row 2. Column headers are fixed
Vietnamese words, not translated: they are a file format, and a file made with the interface in English must
import unchanged. The rules (which unit, person, title) are checked by campaigns.services.imports.
"""

import html
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.exceptions import InvalidFileException

from thidua.core.vietnamese import fold

COL_YEAR = "Năm"
COL_UNIT = "Đơn vị"
COL_UNIT_CODE = "Mã đơn vị"
COL_NAME = "Họ và tên"
COL_CODE = "Mã cá nhân"
COL_TITLE = "Danh hiệu"

# key → header, required; in the order of the template file.
COLUMNS = {
    "year": (COL_YEAR, True),
    "unit": (COL_UNIT, True),
    "name": (COL_NAME, True),
    "title": (COL_TITLE, True),
    "code": (COL_CODE, False),
    "unit_code": (COL_UNIT_CODE, False),
}


def max_rows() -> int:
    """The largest file accepted, in data rows (setting IMPORT_MAX_ROWS)."""
    return getattr(settings, "IMPORT_MAX_ROWS", 200_000)


def progress_every() -> int:
    """How often (in rows) a background import records its progress (setting IMPORT_PROGRESS_EVERY)."""
    return max(1, getattr(settings, "IMPORT_PROGRESS_EVERY", 1000))


class FileProblem(Exception):
    """The file as a whole cannot be read: not an xlsx workbook, no header, a required column missing."""


@dataclass(slots=True)
class Row:
    """One data row as typed in the file: cells as text (whitespace collapsed), nothing resolved yet."""

    number: int
    year: str
    unit: str
    unit_code: str
    name: str
    code: str
    title: str


def clean(value) -> str:
    """A cell as text: composed Unicode (NFC), whitespace collapsed, and 12.0 (a number as Excel keeps it) as 12."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def header_key(text) -> str:
    """How headers are compared: without diacritics, case or extra spaces ("Ho va ten" = "Họ và tên")."""
    return " ".join(fold(clean(text)).split())


_HEADER_KEYS = {header_key(header): key for key, (header, _required) in COLUMNS.items()}


def _open(fileobj):
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise FileProblem(_("Tệp không phải là tệp Excel (.xlsx) hợp lệ.")) from exc
    if not workbook.worksheets:
        workbook.close()
        raise FileProblem(_("Tệp Excel không có trang tính nào."))
    return workbook


def _columns(header: tuple) -> dict[str, int]:
    """Column index of each known header; unknown headers (STT, Ghi chú...) are ignored."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _HEADER_KEYS.get(header_key(cell))
        if key is None:
            continue
        if key in found:
            raise FileProblem(
                _("Dòng 1: cột «%(column)s» xuất hiện hai lần.") % {"column": COLUMNS[key][0]},
            )
        found[key] = index
    missing = [header for key, (header, required) in COLUMNS.items() if required and key not in found]
    if missing:
        raise FileProblem(
            _("Dòng 1: thiếu cột %(columns)s. Dòng đầu tiên phải là tên các cột: %(all)s.")
            % {
                # Translators: one column name in a list of them, in the quotation marks of the language.
                "columns": ", ".join(_("«%(name)s»") % {"name": name} for name in missing),
                "all": ", ".join(_("«%(name)s»") % {"name": header} for header, needed in COLUMNS.values() if needed),
            }
        )
    return found


# --- Reading the cells ---------------------------------------------------------------------------------------
#
# openpyxl reads about 25,000 rows a second, most of it spent building a cell object per value; a large import
# would spend more time reading than writing. Workbooks as Excel, LibreOffice and openpyxl write them have a
# simple sheet: a <row r="n"> per row, a <c r="A1" t="..."> per cell holding <v>value</v> or an inline string.
# Such a sheet is read here directly, several times faster; anything else in a cell (a formula, rich text, a
# date, a prefixed namespace) sends the whole file to openpyxl, so both give the same values.

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW = re.compile(r'\s*<row r="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', re.S)
# A cell: its column, style and type (in the schema's order), then a value, an inline string or nothing.
_CELL = re.compile(
    r'<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(\w+)")?(?: \w+="[^"]*")*\s*'
    r'(?:/>|>(?:<v>([^<]*)</v>|<is><t(?: xml:space="preserve")?>([^<]*)</t></is>)?</c>)'
)
_COLUMNS: dict[str, int] = {}


class _NotSimple(Exception):
    """The sheet has something the direct reader leaves to openpyxl."""


def _column_index(letters: str) -> int:
    index = _COLUMNS.get(letters)
    if index is None:
        index = 0
        for letter in letters:
            index = index * 26 + ord(letter) - 64
        index = _COLUMNS[letters] = index - 1
    return index


def _number(text: str):
    # As openpyxl reads a number: a float when written with a point or an exponent, else an int.
    if "." in text or "e" in text or "E" in text:
        return float(text)
    return int(text)


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _relationships(archive: zipfile.ZipFile, part: str) -> list[ElementTree.Element]:
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    return list(ElementTree.fromstring(archive.read(rels)).iter(f"{_PKG_NS}Relationship"))


def _parts(archive: zipfile.ZipFile) -> tuple[str, str | None, str | None]:
    """The first worksheet, the shared strings and the styles of the workbook, as paths in the archive."""
    root = _relationships(archive, "")
    workbook = next(_target("", r.get("Target")) for r in root if r.get("Type", "").endswith("/officeDocument"))
    sheet = ElementTree.fromstring(archive.read(workbook)).find(f"{_MAIN_NS}sheets/{_MAIN_NS}sheet")
    rels = _relationships(archive, workbook)
    by_id = {r.get("Id"): r for r in rels}
    first = by_id[sheet.get(f"{_REL_NS}id")]
    if not first.get("Type", "").endswith("/worksheet"):
        raise _NotSimple
    strings = next((r for r in rels if r.get("Type", "").endswith("/sharedStrings")), None)
    styles = next((r for r in rels if r.get("Type", "").endswith("/styles")), None)
    return (
        _target(workbook, first.get("Target")),
        _target(workbook, strings.get("Target")) if strings is not None else None,
        _target(workbook, styles.get("Target")) if styles is not None else None,
    )


def _shared_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    if part is None:
        return []
    strings = []
    with archive.open(part) as source:
        for _event, element in ElementTree.iterparse(source):
            if element.tag == f"{_MAIN_NS}si":
                # Plain text, or the runs of rich text; phonetic guides (rPh) are not part of the value.
                text = element.find(f"{_MAIN_NS}t")
                if text is not None:
                    strings.append(text.text or "")
                else:
                    strings.append("".join(t.text or "" for t in element.iterfind(f"{_MAIN_NS}r/{_MAIN_NS}t")))
                element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile, part: str | None) -> set[str]:
    """Indexes (as in the cells' s="...") of the cell formats that show numbers as dates."""
    if part is None:
        return set()
    root = ElementTree.fromstring(archive.read(part))
    custom = {n.get("numFmtId"): n.get("formatCode") for n in root.iter(f"{_MAIN_NS}numFmt")}
    xfs = root.find(f"{_MAIN_NS}cellXfs")
    dates = set()
    for index, xf in enumerate(xfs if xfs is not None else []):
        number_format = xf.get("numFmtId", "0")
        if not number_format.isdigit():
            continue
        code = custom.get(number_format) or BUILTIN_FORMATS.get(int(number_format))
        if code and is_date_format(code):
            dates.add(str(index))
    return dates


def _cell_value(kind: str | None, style: str | None, text: str, strings: list[str], date_styles: set[str]):
    if "&" in text:
        text = html.unescape(text)
    if kind == "s":
        return strings[int(text)]
    if kind is None or kind == "n":
        if style is not None and style in date_styles:
            raise _NotSimple  # openpyxl turns it into a date
        return _number(text) if text else None
    if kind in ("inlineStr", "str", "e"):
        return text
    if kind == "b":
        return text == "1"
    raise _NotSimple


def _simple_rows(xml: str, strings: list[str], date_styles: set[str]) -> list[tuple[int, tuple]]:
    start = xml.find("<sheetData")
    if start < 0 or xml.startswith("<sheetData/>", start):
        return []
    start = xml.index(">", start) + 1
    end = xml.index("</sheetData>", start)
    rows, position = [], start
    while True:
        match = _ROW.match(xml, position, end)
        if match is None:
            if xml[position:end].strip():
                raise _NotSimple
            return rows
        position = match.end()
        body = match.group(2) or ""
        values: list = []
        at = 0
        for cell in _CELL.finditer(body):
            if cell.start() != at:
                raise _NotSimple  # something between two cells that this reader does not know
            at = cell.end()
            letters, style, kind, value, inline = cell.groups()
            if value is not None:
                value = _cell_value(kind, style, value, strings, date_styles)
            elif inline is not None:
                value = html.unescape(inline) if "&" in inline else inline
            index = _column_index(letters)
            if index >= len(values):
                values.extend([None] * (index + 1 - len(values)))
            values[index] = value
        if at != len(body):
            raise _NotSimple  # a formula, rich text...
        rows.append((int(match.group(1)), tuple(values)))


# The direct reader holds the sheet's XML in memory; a larger one (a "zip bomb" among them) is streamed by openpyxl.
DIRECT_MAX_BYTES = 256 * 1024 * 1024


def _fast_rows(fileobj) -> list[tuple[int, tuple]] | None:
    """(row number, values) of the first sheet read directly, or None when openpyxl must read it."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            sheet, strings, styles = _parts(archive)
            if archive.getinfo(sheet).file_size > DIRECT_MAX_BYTES:
                return None
            xml = archive.read(sheet).decode("utf-8")
            return _simple_rows(xml, _shared_strings(archive, strings), _date_styles(archive, styles))
    except (_NotSimple, zipfile.BadZipFile, KeyError, ValueError, IndexError, StopIteration, AttributeError):
        return None
    except ElementTree.ParseError:
        return None
    finally:
        fileobj.seek(0)


def _openpyxl_rows(fileobj) -> Iterator[tuple[int, tuple]]:
    workbook = _open(fileobj)
    try:
        yield from enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileProblem(_("Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx.")) from exc
    finally:
        workbook.close()


def sheet_rows(fileobj, *, direct: bool = True) -> Iterator[tuple[int, tuple]]:
    """(row number, cell values) of the first sheet, from row 1; rows may be missing (blank in Excel)."""
    rows = _fast_rows(fileobj) if direct else None
    if rows is None:
        yield from _openpyxl_rows(fileobj)
    else:
        yield from rows


def read_rows(fileobj, *, progress: Callable[[int], None] | None = None, direct: bool = True) -> Iterator[Row]:
    """The data rows of the first sheet, blank rows skipped (their numbers are not reused).

    `progress(n)` is called with the number of rows read so far, every progress_every() rows. `direct=False`
    reads with openpyxl only. Raises FileProblem for a file that is not a workbook, a missing column, or more
    than max_rows() rows.
    """
    rows = sheet_rows(fileobj, direct=direct)
    first = next(rows, None)
    if first is None or first[0] != 1 or not any(clean(value) for value in first[1]):
        raise FileProblem(_("Tệp Excel không có dữ liệu: dòng 1 phải là tên các cột."))
    columns = _columns(first[1])
    # Row's fields in order, each the index of its column in the file (or None: not in the file).
    getters = [columns.get(key) for key in Row.__dataclass_fields__ if key != "number"]
    limit, every = max_rows(), progress_every()
    count, next_report = 0, every
    for number, values in rows:
        if number > 2 * limit + 1:
            # Blank rows are not counted as data: this bounds a file of millions of them.
            raise FileProblem(
                _("Tệp có hơn %(limit)s dòng dữ liệu: hãy chia thành nhiều tệp nhỏ hơn.") % {"limit": limit}
            )
        while progress and number - 1 >= next_report:
            progress(next_report)
            next_report += every
        width = len(values)
        cells = [clean(values[i]) if i is not None and i < width else "" for i in getters]
        if not any(cells):
            continue
        count += 1
        if count > limit:
            raise FileProblem(
                _("Tệp có hơn %(limit)s dòng dữ liệu: hãy chia thành nhiều tệp nhỏ hơn.") % {"limit": limit}
            )
        yield Row(number, *cells)


_LAST_ROW = re.compile(rb'<row r="(\d+)"')


def count_rows(fileobj) -> int:
    """The number of rows below the header (blank ones included), read quickly, to choose request or task."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            sheet, _strings, _styles = _parts(archive)
            if archive.getinfo(sheet).file_size > DIRECT_MAX_BYTES:
                raise _NotSimple
            xml = archive.read(sheet)
        last = xml.rfind(b"<row ")
        found = _LAST_ROW.match(xml, last) if last >= 0 else None
        if found is not None:
            return max(int(found.group(1)) - 1, 0)
    except (_NotSimple, zipfile.BadZipFile, KeyError, ValueError, IndexError, StopIteration, AttributeError):
        pass
    except ElementTree.ParseError:
        pass
    finally:
        fileobj.seek(0)
    workbook = _open(fileobj)
    try:
        sheet = workbook.worksheets[0]
        # The size Excel records in the file; some writers leave it out, and then the rows are counted.
        rows = sheet.max_row
        if rows is None:
            rows = sum(1 for _values in sheet.iter_rows(values_only=True))
        return max(rows - 1, 0)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileProblem(_("Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx.")) from exc
    finally:
        workbook.close()


def template_rows() -> list[list]:
    """The header and two example rows of the template users download."""
    return [
        [header for header, _required in COLUMNS.values()],
        [2016, "Vụ Tổ chức cán bộ", "Nguyễn Văn A", "Lao động tiên tiến", "", ""],
        [2016, "Vụ Tổ chức cán bộ", "", "Tập thể lao động xuất sắc", "", ""],
    ]
