"""Reading xlsx files: the direct reader gives exactly what openpyxl gives, or leaves the file to openpyxl."""

import datetime
import io
import re
import zipfile
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from campaigns import imports
from campaigns.imports import FileProblem, Row, count_rows, read_rows

from .fixtures_imports import HEADER, xlsx_bytes

ROWS = [
    [2016, "Vụ Kế hoạch - Tài chính & <Văn phòng>", "Nguyễn  Văn   An", "Lao động tiên tiến", 12],
    [None, None, None, None, None],  # a blank row keeps its number
    ["2016", "Vụ Tổ chức cán bộ", None, "TTLĐXS", None],
    [2016.0, "Vụ Tổ chức cán bộ", "Lê Thị Bình", "LĐTT", 15.0],
    [2016, "Vụ Tổ chức cán bộ", 'Trần "Văn" Cường', "Chiến sĩ thi đua cơ sở", 1.5],
    [2017, None, None, None, None, None, "ghi chú ở cột G"],
    [2016, "Vụ Tổ chức cán bộ", "Đỗ Văn Em", True, "#N/A"],
]


def both(data: bytes) -> tuple[list[Row], list[Row]]:
    return list(read_rows(io.BytesIO(data))), list(read_rows(io.BytesIO(data), direct=False))


def is_direct(data: bytes) -> bool:
    return imports._fast_rows(io.BytesIO(data)) is not None


def test_a_file_written_by_openpyxl_is_read_directly_and_the_same():
    data = xlsx_bytes(ROWS)

    direct, reference = both(data)

    assert is_direct(data)
    assert direct == reference
    assert direct == [
        Row(2, "2016", "Vụ Kế hoạch - Tài chính & <Văn phòng>", "", "Nguyễn Văn An", "12", "Lao động tiên tiến"),
        Row(4, "2016", "Vụ Tổ chức cán bộ", "", "", "", "TTLĐXS"),
        Row(5, "2016", "Vụ Tổ chức cán bộ", "", "Lê Thị Bình", "15", "LĐTT"),
        Row(6, "2016", "Vụ Tổ chức cán bộ", "", 'Trần "Văn" Cường', "1.5", "Chiến sĩ thi đua cơ sở"),
        Row(7, "2017", "", "", "", "", ""),
        Row(8, "2016", "Vụ Tổ chức cán bộ", "", "Đỗ Văn Em", "#N/A", "True"),
    ]


def _with_shared_strings(data: bytes, *, rich: bool = False) -> bytes:
    """The same workbook with its strings in a shared table, as Excel and LibreOffice save it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    strings: list[str] = []

    def shared(match):
        text = match.group(2)
        strings.append(text)
        return f'{match.group(1)} t="s"><v>{len(strings) - 1}</v></c>'

    sheet = source.read("xl/worksheets/sheet1.xml").decode()
    sheet = re.sub(r'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t>([^<]*)</t></is></c>', shared, sheet)
    if rich:
        items = "".join(
            f'<si><r><rPr><b/></rPr><t>{s[:3]}</t></r><r><t>{s[3:]}</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si>'
            for s in strings
        )
    else:
        items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    table = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = sheet.encode()
            elif item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            elif item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            target.writestr(item, content)
        target.writestr("xl/sharedStrings.xml", table)
    return out.getvalue()


@pytest.mark.parametrize("rich", [False, True])
def test_shared_strings_as_excel_saves_them(rich):
    data = _with_shared_strings(xlsx_bytes(ROWS), rich=rich)
    assert b't="s"' in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")

    direct, reference = both(data)

    assert is_direct(data)
    assert direct == reference
    assert direct[0].unit == "Vụ Kế hoạch - Tài chính & <Văn phòng>"


def test_a_formula_is_left_to_openpyxl():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["=2015+1", "Vụ Tổ chức cán bộ", "Lê Thị Bình", "LĐTT"])
    out = io.BytesIO()
    workbook.save(out)

    direct, reference = both(out.getvalue())

    assert not is_direct(out.getvalue())
    assert direct == reference
    assert direct[0].year == ""  # the value Excel saved with the formula: none, the file was never opened in Excel


def test_a_date_formatted_cell_is_left_to_openpyxl():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append([datetime.date(2016, 1, 1), "Vụ Tổ chức cán bộ", "Lê Thị Bình", "LĐTT"])
    sheet.append([2016, "Vụ Tổ chức cán bộ", "Lê Thị Bình", "LĐTT"])
    sheet["C3"].font = Font(bold=True)  # a style that is not a date: still read directly elsewhere
    out = io.BytesIO()
    workbook.save(out)

    direct, reference = both(out.getvalue())

    assert not is_direct(out.getvalue())
    assert direct == reference
    assert direct[0].year == "2016-01-01 00:00:00"


def test_a_styled_file_without_dates_is_read_directly():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append([2016, "Vụ Tổ chức cán bộ", "Lê Thị Bình", "LĐTT", 3])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet["A2"].number_format = "0"
    out = io.BytesIO()
    workbook.save(out)

    direct, reference = both(out.getvalue())

    assert is_direct(out.getvalue())
    assert direct == reference == [Row(2, "2016", "Vụ Tổ chức cán bộ", "", "Lê Thị Bình", "3", "LĐTT")]


def test_an_unusual_cell_makes_the_whole_file_go_to_openpyxl():
    data = xlsx_bytes(ROWS)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # Rich text in an inline string.
                content = content.replace(
                    f"<is><t>{escape('Lê Thị Bình')}</t></is>".encode(),
                    "<is><r><t>Lê Thị </t></r><r><t>Bình</t></r></is>".encode(),
                )
            target.writestr(item, content)

    direct, reference = both(out.getvalue())

    assert not is_direct(out.getvalue())
    assert direct == reference
    assert direct[2].name == "Lê Thị Bình"


def test_row_counts_and_broken_files():
    assert count_rows(io.BytesIO(xlsx_bytes(ROWS))) == 7
    assert count_rows(io.BytesIO(xlsx_bytes([]))) == 0
    with pytest.raises(FileProblem, match="Tệp không phải là tệp Excel"):
        count_rows(io.BytesIO(b"PK\x03\x04 not really a zip"))
    workbook = Workbook()
    for column, header in enumerate(HEADER, start=1):
        workbook.active.cell(row=2, column=column, value=header)  # the header one row too low
    out = io.BytesIO()
    workbook.save(out)
    for direct in (True, False):
        with pytest.raises(FileProblem, match="Tệp Excel không có dữ liệu: dòng 1 phải là tên các cột."):
            list(read_rows(io.BytesIO(out.getvalue()), direct=direct))
