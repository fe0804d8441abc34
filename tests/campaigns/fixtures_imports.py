"""Helpers for the imports and dashboard tests: xlsx files built in the test, page text, people in bulk."""

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from campaigns.services import registrations as services
from tests import factories
from thidua.org.models import Person

HEADER = ["Năm", "Đơn vị", "Họ và tên", "Danh hiệu", "Mã cá nhân"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEAR = 2016


def xlsx_bytes(rows, header=HEADER) -> bytes:
    """An xlsx workbook whose first sheet is `header` then `rows` (None in a row: an empty cell)."""
    workbook = Workbook()
    sheet = workbook.active
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_file(rows, header=HEADER) -> io.BytesIO:
    return io.BytesIO(xlsx_bytes(rows, header))


def upload(rows, header=HEADER, name="dang-ky.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows, header), content_type=XLSX)


def read_xlsx(content: bytes) -> dict[str, list[tuple]]:
    """Every sheet of a workbook as rows of values, by sheet name."""
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


def text(response) -> str:
    """The visible text of a page, tags removed and white space collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style|select)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def add_people(unit, n: int, *, prefix: str = "Cán bộ") -> list:
    """n active people in `unit`, named so that they sort in creation order."""
    return [factories.person(unit, f"{prefix} Số {i:03d}") for i in range(n)]


def register(unit, people, title, *, status="draft", board=None, collective=None):
    """Register `people` of `unit` for `title` on its sheet, then bring the sheet to `status`."""
    sheet = services.sheet_get_or_create(actor=None, unit=unit, year=YEAR)
    for person in people:
        services.registration_add(actor=None, sheet=sheet, title=title, person=person)
    if collective is not None:
        services.sheet_set_collective_title(actor=None, sheet=sheet, title=collective)
    if status in ("submitted", "approved"):
        services.sheet_submit(actor=None, sheet=sheet)
    if status == "approved":
        services.sheet_approve(actor=board, sheet=sheet)
    return sheet


@pytest.fixture
def figures(world, titles):
    """Vụ A: 4 active people (and one who left), 3 registered on a submitted sheet (one for two titles) and its
    collective title; Vụ B: 2 active, 1 registered on a draft (not counted); the Cục: 1 of 1, approved."""
    vu_a_people = [Person.objects.get(unit=world.vu_a), *add_people(world.vu_a, 3)]
    factories.person(world.vu_a, "Người Đã Nghỉ", is_active=False)
    register(world.vu_a, vu_a_people[:3], titles.ldtt)
    register(world.vu_a, vu_a_people[:1], titles.cstdcs, collective=titles.ttldxs, status="submitted")
    vu_b_people = [Person.objects.get(unit=world.vu_b), *add_people(world.vu_b, 1)]
    register(world.vu_b, vu_b_people[:1], titles.ldtt)
    register(
        world.cuc, Person.objects.filter(unit=world.cuc), titles.ldtt, status="approved", board=world.users["board"]
    )
    return world
