"""Factories for the award history tests: awards through the services, xlsx and csv files of past awards.

Decisions are created with the ORM here: the decision services belong to another area; everything the history
area writes goes through its services.
"""

import datetime
import io
from itertools import count

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.history_import import COLUMNS, read_history_file
from awards.models import Award, Decision
from awards.services import history as services
from thidua.titles.models import Title

_numbers = count(1)
HEADER = [header for header, _required in COLUMNS.values()]
# Year, title, name, collective, unit: the columns most rows need, in that order.
SHORT_HEADER = ["Năm", "Danh hiệu, hình thức", "Họ và tên", "Tập thể", "Đơn vị"]


def title(code: str) -> Title:
    return Title.objects.get(code=code)


def award(*, person=None, unit=None, code: str = "ldtt", year: int = 2015, actor=None, **fields) -> Award:
    return services.award_create(actor=actor, title=title(code), year=year, person=person, unit=unit, **fields)


def decision(*, code: str = "co-bo", year: int = 2016, number: int | None = None, signed: bool = True) -> Decision:
    number = number or next(_numbers)
    return Decision.objects.create(
        kind=Decision.Kind.AWARD,
        status=Decision.Status.SIGNED if signed else Decision.Status.ISSUED,
        year=year,
        title=title(code),
        number=number,
        series_year=year + 1,
        number_text=f"{number:02d}/QĐ-BTP",
        date=datetime.date(year + 1, 1, 5),
        subject=f"Về việc tặng {title(code).name} năm {year}",
        legal_bases="Căn cứ Luật Thi đua, khen thưởng",
        recipients="Như Điều 3",
        signer_authority="KT. BỘ TRƯỞNG",
        signer_position="THỨ TRƯỞNG",
        signer_name="Trần Tiến Dũng",
        signed_at=datetime.datetime(year + 1, 1, 5, 9, tzinfo=datetime.UTC) if signed else None,
    )


def decided_award(*, unit=None, person=None, code: str = "co-bo", year: int = 2016) -> Award:
    given = decision(code=code, year=year)
    return services.award_create(
        actor=None,
        title=given.title,
        year=year,
        person=person,
        unit=unit,
        source=Award.Source.DECISION,
        decision=given,
    )


def xlsx(rows: list[list], header: list | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header if header is not None else SHORT_HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(rows: list[list], header: list | None = None, name: str = "khen-thuong.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, xlsx(rows, header), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def rows_of(rows: list[list], header: list | None = None):
    return read_history_file(io.BytesIO(xlsx(rows, header)), name="khen-thuong.xlsx")


def workbook_rows(content: bytes) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    try:
        return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
