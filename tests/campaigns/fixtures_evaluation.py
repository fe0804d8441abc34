"""Fixtures for the evaluation tests: covenants with a score table, ratings, workbooks, auditing of the models.

Fixtures are named `<name>_fixture` and registered as `<name>`, so that test modules import them without
shadowing the argument names (ruff F811).

Covenants are created with the ORM here because the covenant services belong to another area; everything the
evaluation area writes goes through its services.
"""

import io
from decimal import Decimal

import openpyxl
import pytest
from auditlog.registry import auditlog
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns.evaluation_import import COLUMNS
from campaigns.models import Covenant, CovenantCriterion, Initiative, PersonEvaluation
from campaigns.services import evaluation as services
from thidua.org.models import ClusterTerm

HEADER = [str(label) for label, _required in COLUMNS.values()]


def covenant_for(
    term: ClusterTerm,
    criteria=(("Thực hiện nhiệm vụ chuyên môn", "60"), ("Công tác thi đua, khen thưởng", "40")),
    *,
    status: str = Covenant.Status.LOCKED,
) -> Covenant:
    covenant = Covenant.objects.create(
        term=term,
        title=f"Giao ước thi đua {term.year}",
        targets="Hoàn thành xuất sắc nhiệm vụ",
        status=status,
        locked_at=timezone.now() if status == Covenant.Status.LOCKED else None,
    )
    for order, (name, max_points) in enumerate(criteria, start=1):
        CovenantCriterion.objects.create(covenant=covenant, order=order, name=name, max_points=Decimal(max_points))
    return covenant


def rate(person, year: int, rating: str, discipline: int = PersonEvaluation.Discipline.NONE, **kwargs):
    return services.evaluation_set(actor=None, person=person, year=year, rating=rating, discipline=discipline, **kwargs)


def workbook(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    if header is not None:
        book.active.append(header)
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(rows, header=HEADER, name: str = "xep-loai.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook(rows, header))


@pytest.fixture(name="audited_initiatives")
def audited_initiatives_fixture():
    """Initiatives audited by django-auditlog, as the app config registers them (kept for older checkouts)."""
    registered_here = not auditlog.contains(Initiative)
    if registered_here:
        auditlog.register(Initiative)
    yield
    if registered_here:
        auditlog.unregister(Initiative)


@pytest.fixture(name="covenant")
def covenant_fixture(world) -> Covenant:
    """A locked covenant of the world's 2016 cluster term (Vụ A, Vụ B) with two criteria (60 and 40 points)."""
    return covenant_for(world.term)
