"""Imports of registrations from xlsx: a dry run that the user previews, then the import, all or nothing.

Speed: the rows are checked in memory against a handful of set-based queries (titles, units, people, the
year's registrations and sheets), then written with bulk_create in one transaction, with one audit entry per
row (log_bulk_created). A file of more than IMPORT_ASYNC_THRESHOLD rows is checked and imported by Celery
tasks on its ImportJob, which record their progress every IMPORT_PROGRESS_EVERY rows.

The rules are those of campaigns.services.registrations.registration_add: the sheet is editable, the title is
an active emulation title of the right subject, the person is active and works in the unit, one registration
per person (or unit), title and year, and one collective title per unit and year; plus, for a file: the user
may change the unit, and no row repeats another.
"""

import gc
import logging
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import log_bulk_created
from thidua.core.vietnamese import fold
from thidua.org.models import Person, Unit
from thidua.org.permissions import scope_for, visible_units
from thidua.titles.models import Title

from ..imports import (
    COL_CODE,
    COL_NAME,
    COL_TITLE,
    COL_UNIT,
    COL_UNIT_CODE,
    COL_YEAR,
    FileProblem,
    Row,
    count_rows,
    read_rows,
)
from ..models import ImportJob, Registration, RegistrationSheet

logger = logging.getLogger(__name__)

Status = ImportJob.Status
EDITABLE = (RegistrationSheet.Status.DRAFT, RegistrationSheet.Status.RETURNED)
MAX_ERRORS = 500  # kept on the job and shown; the count says how many there were in all
SAMPLE_ROWS = 20
# Database and storage hiccups: the task retries them; anything else is recorded on the job as a failure.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)


def async_threshold() -> int:
    """Files with more rows than this are checked and imported by a Celery task (setting IMPORT_ASYNC_THRESHOLD)."""
    return getattr(settings, "IMPORT_ASYNC_THRESHOLD", 3000)


# --- Results -------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class RowError:
    """A problem in one row and column, as the user sees them in Excel (row None: the whole file)."""

    row: int | None
    column: str
    message: str

    @property
    def text(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return _("Dòng %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Dòng %(row)s, cột «%(column)s»: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "text": self.text}


@dataclass(slots=True)
class Planned:
    """A row that passed every check: what would be registered."""

    row: int
    year: int
    unit: Unit
    person: Person | None
    title: Title


@dataclass
class ImportResult:
    """What a dry run found, or what an import wrote (created > 0)."""

    rows: int = 0
    planned: list[Planned] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_sheets: int = 0
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict:
        """The preview as JSON: counts, per title, and the first rows."""
        titles = Counter(p.title.name for p in self.planned)
        return {
            "rows": self.rows,
            "individual": sum(1 for p in self.planned if p.person is not None),
            "collective": sum(1 for p in self.planned if p.person is None),
            "units": len({p.unit.pk for p in self.planned}),
            "years": sorted({p.year for p in self.planned}),
            "new_sheets": self.new_sheets,
            "titles": [{"title": name, "count": n} for name, n in sorted(titles.items(), key=lambda kv: -kv[1])],
            "sample": [
                {
                    "row": p.row,
                    "year": p.year,
                    "unit": p.unit.name,
                    "person": p.person.full_name if p.person else "",
                    "title": p.title.name,
                }
                for p in self.planned[:SAMPLE_ROWS]
            ],
        }


# --- Checking, in memory -------------------------------------------------------------------------------------


def _key(text: str) -> str:
    return text.casefold()


def _loose(text: str) -> str:
    return " ".join(fold(text).split())


def _index(items, name) -> tuple[dict, dict]:
    """Exact (case-insensitive) and loose (no diacritics) lookups of `items` by `name(item)` → list of items."""
    exact, loose = defaultdict(list), defaultdict(list)
    for item in items:
        text = name(item)
        if text:
            exact[_key(text)].append(item)
            loose[_loose(text)].append(item)
    return exact, loose


def _find(exact: dict, loose: dict, text: str) -> list:
    return exact.get(_key(text)) or loose.get(_loose(text)) or []


def _same_name(a: str, b: str) -> bool:
    return _key(a) == _key(b) or _loose(a) == _loose(b)


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _codes(people: Iterable[Person]) -> str:
    return ", ".join(str(p.pk) for p in sorted(people, key=lambda p: p.pk))


class _PersonRow(NamedTuple):
    pk: int
    full_name: str
    unit_id: int
    is_active: bool


class _Checker:
    """Resolves the rows against the database, read once with a few set-based queries."""

    def __init__(self, actor):
        self.actor = actor
        self.scope = scope_for(actor)
        self.errors: list[RowError] = []

    def error(self, row: Row, column: str, message: str) -> None:
        self.errors.append(RowError(row.number, column, message))

    # Units and titles come first: the people, sheets and registrations to read depend on them.

    def load_catalogues(self) -> None:
        # order_by(): the models sort in Vietnamese order, a cost for nothing here.
        titles = list(Title.objects.order_by())
        self.titles_exact, self.titles_loose = _index(titles, lambda t: t.name)
        short_exact, short_loose = _index(titles, lambda t: t.short_name)
        for key, titles in short_exact.items():
            self.titles_exact.setdefault(key, titles)
        for key, titles in short_loose.items():
            self.titles_loose.setdefault(key, titles)
        units = Unit.objects.all() if self.scope.read_all else visible_units(self.actor)
        self.units = {u.pk: u for u in units.order_by().only("pk", "name", "path")}
        self.units_exact, self.units_loose = _index(self.units.values(), lambda u: u.name)

    def can_write(self, unit: Unit) -> bool:
        return self.scope.is_board or any(unit.path.startswith(p) for p in self.scope.write_paths)

    def year(self, row: Row) -> int | None:
        if not row.year:
            self.error(row, COL_YEAR, _("chưa ghi năm."))
            return None
        year = _int(row.year)
        if year is None or not 1945 <= year <= 2100:
            self.error(row, COL_YEAR, _("«%(value)s» không phải là một năm (ví dụ: 2016).") % {"value": row.year})
            return None
        return year

    def unit(self, row: Row) -> Unit | None:
        if row.unit_code:
            unit = self.units.get(_int(row.unit_code) or 0)
            if unit is None:
                self.error(row, COL_UNIT_CODE, _("không có đơn vị mã «%(code)s».") % {"code": row.unit_code})
                return None
            if row.unit and not _same_name(row.unit, unit.name):
                self.error(
                    row,
                    COL_UNIT,
                    _("mã đơn vị %(code)s là của «%(unit)s», không phải «%(name)s».")
                    % {"code": unit.pk, "unit": unit.name, "name": row.unit},
                )
                return None
        elif not row.unit:
            self.error(row, COL_UNIT, _("chưa ghi tên đơn vị."))
            return None
        else:
            found = _find(self.units_exact, self.units_loose, row.unit)
            if len(found) > 1:
                # Two units of one name (a "Văn phòng" under each Cục): the one the user may change, if only one.
                found = [u for u in found if self.can_write(u)] or found
            if not found:
                self.error(row, COL_UNIT, _("không tìm thấy đơn vị «%(name)s».") % {"name": row.unit})
                return None
            if len(found) > 1:
                self.error(
                    row,
                    COL_UNIT,
                    _("có %(n)s đơn vị tên «%(name)s» (mã đơn vị: %(codes)s); ghi thêm cột «%(column)s» để phân biệt.")
                    % {
                        "n": len(found),
                        "name": row.unit,
                        "codes": ", ".join(str(u.pk) for u in sorted(found, key=lambda u: u.pk)),
                        "column": COL_UNIT_CODE,
                    },
                )
                return None
            unit = found[0]
        if not self.can_write(unit):
            self.error(row, COL_UNIT, _("bạn không có quyền đăng ký thi đua cho «%(unit)s».") % {"unit": unit.name})
            return None
        return unit

    def title(self, row: Row, *, individual: bool) -> Title | None:
        if not row.title:
            self.error(row, COL_TITLE, _("chưa ghi danh hiệu."))
            return None
        found = _find(self.titles_exact, self.titles_loose, row.title)
        if len(found) != 1:
            self.error(row, COL_TITLE, _("không có danh hiệu «%(title)s» trong danh mục.") % {"title": row.title})
            return None
        title = found[0]
        if not title.is_active:
            message = _("danh hiệu «%(title)s» không còn được áp dụng.")
        elif title.category != Title.Category.EMULATION:
            message = _("«%(title)s» là hình thức khen thưởng, không phải danh hiệu thi đua để đăng ký.")
        elif not individual and title.subject != Title.Subject.COLLECTIVE:
            message = _("«%(title)s» là danh hiệu cá nhân: ghi «Họ và tên» của người đăng ký.")
        elif individual and title.subject != Title.Subject.INDIVIDUAL:
            message = _("«%(title)s» là danh hiệu tập thể: để trống «Họ và tên» khi đơn vị đăng ký.")
        else:
            return title
        self.error(row, COL_TITLE, message % {"title": title.name})
        return None

    # People, sheets and registrations: one query each, for the units and years of the file.

    def load_people(self, unit_ids: set[int], years: set[int], codes: set[int], by_name: set[int]) -> None:
        """Read the people the rows may name: every person of the units where a row gives a name without a
        code (to find homonyms), and the people of the codes: a range of ids when they are close together
        (a file exported from the portal), else everyone in the units of the file."""
        wanted = Q(unit_id__in=by_name)
        if codes:
            low, high = min(codes), max(codes)
            if high - low < 4 * len(codes) + 1000:
                wanted |= Q(pk__gte=low, pk__lte=high)
            else:
                wanted |= Q(unit_id__in=unit_ids)
        # Plain tuples: a model instance is made only for the people actually registered (see person()).
        people = Person.objects.filter(wanted).order_by().values_list("pk", "full_name", "unit_id", "is_active")
        self.people = {row[0]: _PersonRow(*row) for row in people}
        by_unit = defaultdict(list)
        for person in self.people.values():
            if person.unit_id in by_name:
                by_unit[person.unit_id].append(person)
        self.people_by_unit = by_unit
        self._people_index: dict[int, tuple[dict, dict]] = {}
        # Where the people of codes that are not in their row's unit work: told only to those who may see every
        # unit (the board), read only for the codes not read above (a mistake in the file, so few).
        self.elsewhere: dict[int, str] = {}
        if self.scope.read_all:
            unknown = sorted(codes - self.people.keys())
            for start in range(0, len(unknown), 500):
                chunk = Person.objects.filter(pk__in=unknown[start : start + 500]).order_by()
                self.elsewhere.update(chunk.values_list("pk", "unit__name"))
        self.registered: set[tuple[int, int, int]] = set()  # (person, title, year)
        self.collective: dict[tuple[int, int], int] = {}  # (unit, year) → title
        existing = (
            Registration.objects.order_by()
            .filter(year__in=years)
            .filter(Q(person__unit_id__in=unit_ids) | Q(person__isnull=True, unit_id__in=unit_ids))
        )
        for person_id, title_id, year, unit_id in existing.values_list("person_id", "title_id", "year", "unit_id"):
            if person_id is None:
                self.collective[(unit_id, year)] = title_id
            else:
                self.registered.add((person_id, title_id, year))
        self.sheets = {
            (unit_id, year): (pk, status)
            for pk, unit_id, year, status in RegistrationSheet.objects.order_by()
            .filter(year__in=years, unit_id__in=unit_ids)
            .values_list("pk", "unit_id", "year", "status")
        }

    def person_index(self, unit_id: int) -> tuple[dict, dict]:
        if unit_id not in self._people_index:
            self._people_index[unit_id] = _index(self.people_by_unit.get(unit_id, ()), lambda p: p.full_name)
        return self._people_index[unit_id]

    def person(self, row: Row, unit: Unit) -> Person | None:
        """The person of the row, as a model instance, or None (the problem recorded)."""
        if row.code:
            code = _int(row.code) or 0
            person = self.people.get(code)
            if person is None or person.unit_id != unit.pk:
                other = self.elsewhere.get(code)
                if person is not None and self.scope.read_all:
                    other = self.units[person.unit_id].name
                if other is not None:
                    message = _("cá nhân mã %(code)s thuộc «%(other)s», không thuộc «%(unit)s».")
                else:
                    message = _("không có cá nhân mã «%(code)s» trong «%(unit)s».")
                self.error(row, COL_CODE, message % {"code": row.code, "unit": unit.name, "other": other})
                return None
            if row.name and not _same_name(row.name, person.full_name):
                self.error(
                    row,
                    COL_NAME,
                    _("mã cá nhân %(code)s là của «%(person)s», không phải «%(name)s».")
                    % {"code": person.pk, "person": person.full_name, "name": row.name},
                )
                return None
        else:
            exact, loose = self.person_index(unit.pk)
            found = _find(exact, loose, row.name)
            active = [p for p in found if p.is_active]
            if not found:
                self.error(
                    row,
                    COL_NAME,
                    _("không tìm thấy «%(name)s» trong %(unit)s.") % {"name": row.name, "unit": unit.name},
                )
                return None
            if len(active) > 1:
                self.error(
                    row,
                    COL_NAME,
                    _(
                        "có %(n)s người tên «%(name)s» trong %(unit)s (mã cá nhân: %(codes)s); "
                        "ghi thêm cột «%(column)s» để phân biệt."
                    )
                    % {
                        "n": len(active),
                        "name": row.name,
                        "unit": unit.name,
                        "codes": _codes(active),
                        "column": COL_CODE,
                    },
                )
                return None
            person = (active or found)[0]
        if not person.is_active:
            self.error(row, COL_NAME, _("«%(name)s» không còn công tác.") % {"name": person.full_name})
            return None
        return Person.from_db(None, ("id", "full_name", "unit_id", "is_active"), person)

    def check(self, rows: list[Row]) -> list[Planned]:
        self.load_catalogues()
        first: list[tuple[Row, int, Unit, Title]] = []
        for row in rows:
            year, unit = self.year(row), self.unit(row)
            title = self.title(row, individual=bool(row.name or row.code))
            if row.code and _int(row.code) is None:
                self.error(row, COL_CODE, _("«%(value)s» không phải là một mã cá nhân (một số).") % {"value": row.code})
                continue
            if year is not None and unit is not None and title is not None:
                first.append((row, year, unit, title))
        unit_ids = {unit.pk for _row, _year, unit, _title in first}
        years = {year for _row, year, _unit, _title in first}
        codes = {_int(row.code) for row, *_rest in first if row.code}
        by_name = {unit.pk for row, _year, unit, _title in first if row.name and not row.code}
        self.load_people(unit_ids, years, codes, by_name)

        planned: list[Planned] = []
        seen_people: dict[tuple[int, int, int], int] = {}
        seen_units: dict[tuple[int, int], tuple[int, Title]] = {}
        for row, year, unit, title in first:
            sheet = self.sheets.get((unit.pk, year))
            if sheet is not None and sheet[1] not in EDITABLE:
                self.error(
                    row,
                    COL_UNIT,
                    _("bản đăng ký năm %(year)s của «%(unit)s» đang ở trạng thái «%(status)s», không thể sửa.")
                    % {"year": year, "unit": unit.name, "status": RegistrationSheet.Status(sheet[1]).label},
                )
                continue
            if row.name or row.code:
                person = self.person(row, unit)
                if person is None:
                    continue
                key = (person.pk, title.pk, year)
                values = {"name": person.full_name, "title": title.name, "year": year}
                if key in self.registered:
                    self.error(row, COL_NAME, _("«%(name)s» đã đăng ký danh hiệu «%(title)s» năm %(year)s.") % values)
                    continue
                if key in seen_people:
                    self.error(
                        row,
                        COL_NAME,
                        _("trùng với dòng %(other)s: «%(name)s» đăng ký danh hiệu «%(title)s» năm %(year)s hai lần.")
                        % {**values, "other": seen_people[key]},
                    )
                    continue
                seen_people[key] = row.number
            else:
                person = None
                key = (unit.pk, year)
                values = {"unit": unit.name, "title": title.name, "year": year}
                if key in self.collective:
                    if self.collective[key] == title.pk:
                        message = _("«%(unit)s» đã đăng ký danh hiệu «%(title)s» năm %(year)s.")
                    else:
                        message = _(
                            "«%(unit)s» đã đăng ký danh hiệu tập thể khác năm %(year)s; mỗi đơn vị đăng ký một "
                            "danh hiệu tập thể trong năm (sửa trên bản đăng ký của đơn vị)."
                        )
                    self.error(row, COL_TITLE, message % values)
                    continue
                if key in seen_units:
                    other, other_title = seen_units[key]
                    if other_title.pk == title.pk:
                        message = _("trùng với dòng %(other)s: «%(unit)s» đăng ký danh hiệu «%(title)s» hai lần.")
                    else:
                        message = _(
                            "dòng %(other)s đã đăng ký danh hiệu tập thể «%(other_title)s» cho «%(unit)s» năm "
                            "%(year)s; mỗi đơn vị đăng ký một danh hiệu tập thể trong năm."
                        )
                    self.error(row, COL_TITLE, message % {**values, "other": other, "other_title": other_title.name})
                    continue
                seen_units[key] = (row.number, title)
            planned.append(Planned(row.number, year, unit, person, title))
        self.errors.sort(key=lambda e: e.row or 0)
        return planned


def registrations_check(*, actor, rows: list[Row]) -> ImportResult:
    """The dry run: every row checked against the rules and the database, nothing written."""
    checker = _Checker(actor)
    planned = checker.check(rows)
    sheets = {(p.unit.pk, p.year) for p in planned}
    return ImportResult(
        rows=len(rows),
        planned=planned,
        errors=checker.errors,
        new_sheets=len(sheets - checker.sheets.keys()),
    )


# --- Writing -------------------------------------------------------------------------------------------------


class _Abort(Exception):
    """Raised inside the write transaction to roll it back with the reason for the user."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


def _write(
    *,
    actor,
    result: ImportResult,
    note: str,
    guard: Callable[[], bool] | None,
    after: Callable[[ImportResult], None] | None,
    timings: dict[str, float] | None = None,
) -> None:
    """Write the planned rows in one transaction: the missing sheets, then the registrations, each audited.

    The sheets are re-read under a row lock, so that a sheet submitted since the check is not changed; a
    registration made by someone else since the check trips the database's uniqueness constraint. Either way
    nothing is written and the result carries the reason. `after(result)` runs last in the same transaction.
    """
    planned = result.planned
    keys = {(p.unit.pk, p.year) for p in planned}
    units = {p.unit.pk: p.unit for p in planned}
    years = {year for _unit, year in keys}
    try:
        with transaction.atomic():
            if guard is not None and not guard():
                return
            sheets = {}
            locked = RegistrationSheet.objects.select_for_update().filter(year__in=years, unit_id__in=units)
            for sheet in locked.order_by("pk"):
                if (sheet.unit_id, sheet.year) not in keys:
                    continue
                if sheet.status not in EDITABLE:
                    raise _Abort(
                        [
                            RowError(
                                None,
                                "",
                                _(
                                    "Bản đăng ký năm %(year)s của «%(unit)s» vừa được gửi hoặc duyệt trong lúc "
                                    "nhập: không có dòng nào được ghi."
                                )
                                % {"year": sheet.year, "unit": sheet.unit_name},
                            )
                        ]
                    )
                sheets[(sheet.unit_id, sheet.year)] = sheet
            new_sheets = [
                RegistrationSheet(unit=units[unit_id], year=year, unit_name=units[unit_id].name)
                for unit_id, year in sorted(keys - sheets.keys())
            ]
            RegistrationSheet.objects.bulk_create(new_sheets)
            log_bulk_created(new_sheets, actor=actor, note=note)
            sheets.update({(s.unit_id, s.year): s for s in new_sheets})
            rows = [
                Registration(
                    sheet=sheets[(p.unit.pk, p.year)], year=p.year, unit=p.unit, person=p.person, title=p.title
                )
                for p in planned
            ]
            started = time.perf_counter()
            created = Registration.objects.bulk_create(rows)
            inserted = time.perf_counter()
            log_bulk_created(created, actor=actor, note=note)
            if timings is not None:
                timings["insert"] = inserted - started
                timings["audit"] = time.perf_counter() - inserted
            result.new_sheets, result.created = len(new_sheets), len(created)
            if after is not None:
                after(result)
    except IntegrityError:
        result.errors = [
            RowError(
                None,
                "",
                _(
                    "Trong lúc nhập, một số cá nhân hoặc đơn vị trong tệp vừa được đăng ký trên hệ thống: không có "
                    "dòng nào được ghi. Hãy kiểm tra lại tệp."
                ),
            )
        ]
        return
    except _Abort as exc:
        result.errors = exc.errors


@contextmanager
def _gc_paused():
    """Pause Python's cyclic garbage collector for the length of the block.

    An import allocates hundreds of thousands of objects that all live to its end (rows, model instances,
    audit entries); each allocation burst triggers a collection that walks all of them again, which more than
    doubles the time of a large import. Nothing here makes reference cycles worth collecting early.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def registrations_import(
    *,
    actor,
    fileobj,
    commit: bool,
    progress: Callable[[int], None] | None = None,
    note: str = "",
    guard: Callable[[], bool] | None = None,
    after: Callable[[ImportResult], None] | None = None,
    timings: dict[str, float] | None = None,
) -> ImportResult:
    """Read an xlsx file of registrations, check every row and, if `commit` and no row is bad, write them all.

    `progress(n)` is called while the file is read; `guard()` runs first inside the write transaction and may
    return False to write nothing (a job already imported by another run); `after(result)` runs last in it
    (the job recorded as done with the rows it wrote). `timings`, if given, receives the seconds spent reading,
    checking, writing (of which inserting the registrations and their audit entries). Side effects when written: the
    missing registration sheets (drafts) and the registrations, in one transaction, with one audit entry per
    row attributed to `actor`. Nothing is written when any row is bad.
    """
    clock = time.perf_counter
    with _gc_paused():
        started = clock()
        try:
            rows = list(read_rows(fileobj, progress=progress))
        except FileProblem as exc:
            return ImportResult(errors=[RowError(None, "", str(exc))])
        if not rows:
            return ImportResult(errors=[RowError(None, "", _("Tệp không có dòng dữ liệu nào dưới dòng tên cột."))])
        if progress is not None:
            progress(rows[-1].number - 1)  # all read: the page says the rows are being checked or written
        read = clock()
        result = registrations_check(actor=actor, rows=rows)
        checked = clock()
        if commit and result.ok:
            note = note or _("Nhập từ tệp Excel")
            _write(actor=actor, result=result, note=note, guard=guard, after=after, timings=timings)
        if timings is not None:
            timings.update(read=read - started, check=checked - read, write=clock() - checked)
    return result


# --- Jobs: the upload, the preview, the confirmation ---------------------------------------------------------


def _tasks():
    # Imported late: the tasks module imports this one.
    from campaigns import tasks

    return tasks


def _record(job: ImportJob, result: ImportResult, status: str) -> None:
    job.status = status
    job.summary = result.summary()
    job.errors = [error.as_dict() for error in result.errors[:MAX_ERRORS]]
    job.error_count = len(result.errors)
    job.created_rows = result.created
    job.processed_rows = job.total_rows
    if status in (Status.INVALID, Status.DONE, Status.FAILED):
        job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "summary",
            "errors",
            "error_count",
            "created_rows",
            "processed_rows",
            "total_rows",
            "finished_at",
        ]
    )


def _progress(job_id: int) -> Callable[[int], None]:
    def report(rows: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=rows)

    return report


def import_job_create(*, actor, upload, kind: str = ImportJob.Kind.REGISTRATIONS) -> ImportJob:
    """Store an uploaded xlsx file on a new job and check it (the dry run): in this request for a small file,
    by a Celery task after commit for one of more than async_threshold() rows.

    Raises ValidationError (field "file") when the file is not a readable xlsx workbook. Side effects: the file
    in the default storage (imports/<year>/<month>/), the ImportJob row.
    """
    try:
        total = count_rows(upload)
    except FileProblem as exc:
        raise ValidationError({"file": str(exc)}) from None
    upload.seek(0)
    job = ImportJob(
        kind=kind,
        original_name=(upload.name or "")[-255:],
        created_by=actor,
        total_rows=total,
        in_background=total > async_threshold(),
    )
    job.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
    with transaction.atomic():
        job.save()
        if job.in_background:
            transaction.on_commit(partial(_tasks().import_check.delay, job_id=job.pk), robust=True)
    if not job.in_background:
        import_job_check(job_id=job.pk)
        job.refresh_from_db()
    return job


def import_job_check(*, job_id: int) -> ImportJob | None:
    """The dry run of a job's file: records what would be created and every bad row; the job becomes ready
    (to be confirmed) or invalid. Does nothing for a job that is not being checked (a repeated task)."""
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.status != Status.CHECKING:
        return job
    with job.file.open("rb") as fileobj:
        result = registrations_import(
            actor=job.created_by,
            fileobj=fileobj,
            commit=False,
            progress=_progress(job.pk) if job.in_background else None,
        )
    _record(job, result, Status.READY if result.ok else Status.INVALID)
    return job


def import_job_confirm(*, actor, job: ImportJob) -> ImportJob:
    """The user who uploaded a checked file confirms it: imported in this request (small file) or queued for
    the Celery task (large file). Raises ValidationError if the job is not ready or not the user's."""
    if job.created_by_id != getattr(actor, "pk", None):
        raise ValidationError(_("Chỉ người đã tải tệp lên mới được xác nhận nhập tệp này."))
    next_status = Status.QUEUED if job.in_background else Status.IMPORTING
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, status=Status.READY).update(status=next_status, processed_rows=0)
        if not claimed:
            raise ValidationError(_("Tệp này không ở trạng thái sẵn sàng nhập (có thể đã được nhập)."))
        if job.in_background:
            transaction.on_commit(partial(_tasks().import_run.delay, job_id=job.pk), robust=True)
    if not job.in_background:
        import_job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Import a confirmed job's file: read and check it again (the database may have changed since the
    preview), then write every row in one transaction, or nothing. The job ends done (with the count) or
    invalid (with the errors). Safe to run twice: the job row is locked and a done job is left alone."""
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.status not in (Status.QUEUED, Status.IMPORTING):
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=Status.IMPORTING, processed_rows=0)
    job.status = Status.IMPORTING

    def guard() -> bool:
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        return locked.status != Status.DONE

    with job.file.open("rb") as fileobj:
        result = registrations_import(
            actor=job.created_by,
            fileobj=fileobj,
            commit=True,
            progress=_progress(job.pk) if job.in_background else None,
            note=_("Nhập từ tệp Excel «%(name)s» (lượt nhập số %(id)s)") % {"name": job.original_name, "id": job.pk},
            guard=guard,
            # Done in the same transaction as the rows: a job is never done without them, nor them without it.
            after=lambda written: _record(job, written, Status.DONE),
        )
    if not result.ok and not ImportJob.objects.filter(pk=job.pk, status=Status.DONE).exists():
        _record(job, result, Status.INVALID)
    return job


def import_job_fail(*, job_id: int, error: str) -> None:
    """Record an unexpected failure on a job (nothing was written: the import is one transaction)."""
    ImportJob.objects.filter(pk=job_id).exclude(status=Status.DONE).update(
        status=Status.FAILED,
        errors=[{"row": None, "column": "", "text": _("Lỗi hệ thống: %(error)s") % {"error": error}}],
        error_count=1,
        finished_at=timezone.now(),
    )
