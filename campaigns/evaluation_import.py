"""Reading the annual ratings workbook (xlsx): headers, labels and cells into plain rows, no database access.

The services (campaigns.services.evaluation.evaluation_import) resolve the rows against units and people and
write them. Row numbers are Excel's: the header is row 1, so the first data row is row 2.
"""

import io
import zipfile
from dataclasses import dataclass

import openpyxl
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.vietnamese import fold

from .models import PersonEvaluation

# A file this size still validates and writes in a few seconds (set-based); bigger ones are split by the user.
MAX_ROWS = 20000

COL_YEAR = gettext_lazy("Năm")
COL_UNIT = gettext_lazy("Đơn vị")
COL_NAME = gettext_lazy("Họ và tên")
COL_CODE = gettext_lazy("Mã cá nhân")
COL_RATING = gettext_lazy("Xếp loại")
COL_DISCIPLINE = gettext_lazy("Kỷ luật")

# key → (label, required)
COLUMNS = {
    "year": (COL_YEAR, True),
    "unit": (COL_UNIT, True),
    "name": (COL_NAME, True),
    "code": (COL_CODE, False),
    "rating": (COL_RATING, True),
    "discipline": (COL_DISCIPLINE, False),
}

Rating = PersonEvaluation.Rating
Discipline = PersonEvaluation.Discipline


def _key(text) -> str:
    """How a header or a label is compared: without diacritics, case or extra spaces ("Xep  loai" = "Xếp loại")."""
    return " ".join(fold(str(text or "")).split())


def _both_languages(build) -> dict:
    """`build()` in the source language (Vietnamese, the file format) and in the user's language."""
    current = build()
    with translation.override(None):
        return {**current, **build()}


def _build_rating_aliases() -> dict[str, str]:
    aliases = {}
    for value, label in Rating.choices:
        aliases[_key(value)] = value
        aliases[_key(label)] = value
        # "Hoàn thành tốt" is what many people write for "Hoàn thành tốt nhiệm vụ".
        aliases[_key(str(label).removesuffix(" nhiệm vụ"))] = value
    return aliases


def _build_discipline_aliases() -> dict[str, int]:
    aliases = {"": Discipline.NONE, _key(_("Không")): Discipline.NONE, _key(_("Không kỷ luật")): Discipline.NONE}
    for value, label in Discipline.choices:
        aliases[_key(label)] = value
    aliases[_key(_("Cách chức"))] = Discipline.REMOVAL
    aliases[_key(_("Giáng chức"))] = Discipline.REMOVAL
    return aliases


def rating_aliases() -> dict[str, str]:
    """Folded label → rating code: the four labels, with or without "nhiệm vụ", and the codes themselves."""
    return _both_languages(_build_rating_aliases)


def discipline_aliases() -> dict[str, int]:
    """Folded label → discipline level; an empty cell or "Không" is no discipline."""
    return _both_languages(_build_discipline_aliases)


def label_key(text) -> str:
    """The form in which a cell is looked up in the alias maps."""
    return _key(text)


@dataclass(frozen=True)
class RatingRow:
    """One data row of the workbook, as typed (cells turned to text), with its Excel row number."""

    number: int
    year: str
    unit: str
    name: str
    code: str
    rating: str
    discipline: str


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores 2016 and 125 as floats.
        value = int(value)
    return " ".join(str(value).split())


def read_ratings_workbook(file) -> list[RatingRow]:
    """The data rows of the first sheet of an xlsx file. Empty rows are skipped.

    Raises ValidationError (in Vietnamese) when the file is not an xlsx workbook, a required column is missing,
    a column appears twice, there are no data rows, or more than MAX_ROWS of them.
    """
    data = file.read() if hasattr(file, "read") else file
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ValidationError(_("Không đọc được tệp: hãy chọn một tệp Excel (.xlsx).")) from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        positions = _header_positions(header or ())
        out = []
        for number, values in enumerate(rows, start=2):
            cells = [_cell_text(values[i]) if i is not None and i < len(values) else "" for i in positions.values()]
            if not any(cells):
                continue
            if len(out) >= MAX_ROWS:
                raise ValidationError(
                    _("Tệp có hơn %(max)d dòng dữ liệu; hãy chia thành nhiều tệp nhỏ hơn.") % {"max": MAX_ROWS}
                )
            out.append(RatingRow(number, *cells))
    finally:
        book.close()
    if not out:
        raise ValidationError(_("Tệp không có dòng dữ liệu nào (dòng 1 là tiêu đề cột)."))
    return out


def _header_positions(header) -> dict[str, int | None]:
    wanted = _both_languages(lambda: {_key(label): key for key, (label, _required) in COLUMNS.items()})
    positions: dict[str, int | None] = dict.fromkeys(COLUMNS)
    errors = []
    for index, cell in enumerate(header):
        key = wanted.get(_key(cell))
        if key is None:
            continue
        if positions[key] is not None:
            errors.append(_("Cột «%(column)s» xuất hiện hai lần ở dòng tiêu đề.") % {"column": COLUMNS[key][0]})
        positions[key] = index
    missing = [str(label) for key, (label, required) in COLUMNS.items() if required and positions[key] is None]
    if missing:
        errors.append(
            _("Dòng 1 (tiêu đề) thiếu cột: %(columns)s. Các cột cần có: %(all)s.")
            % {
                # Translators: one column name in a list of them, in the quotation marks of the language.
                "columns": ", ".join(_("«%(name)s»") % {"name": name} for name in missing),
                "all": ", ".join(_("«%(name)s»") % {"name": label} for label, _required in COLUMNS.values()),
            }
        )
    if errors:
        raise ValidationError(errors)
    return positions


def ratings_workbook(rows, *, title: str = "") -> bytes:
    """An xlsx file in the import format with the given rows of (year, unit, name, code, rating, discipline)
    values: the template, or a unit's table to fill in and import back."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = (title or _("Xếp loại"))[:31]
    with translation.override(None):
        # The headers stay in Vietnamese whatever the user's language: they are the file format.
        sheet.append([str(label) for label, _required in COLUMNS.values()])
    for row in rows:
        sheet.append(list(row))
    for letter, width in zip("ABCDEF", (8, 40, 30, 12, 32, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
