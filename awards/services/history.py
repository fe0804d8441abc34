"""Writes of the award history (sổ theo dõi khen thưởng): an award entered by hand, corrected or removed, and
the import of past awards from a file (a dry run the user previews, then every row or none).

The history is what later years' prerequisites are checked against, so every entry names one person or one
collective, a title of the right subject, a year, and at most one entry per recipient, title and year. Names are
copied as they are when the award is recorded (the person's unit; for a collective, the unit above it), so that a
later renaming or merger leaves the history as it was. Awards given by a decision of the system (source
DECISION) change only through a new decision.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campaigns.services.imports import RowError
from thidua.core.audit import acting_as, log_bulk_created
from thidua.core.vietnamese import fold, sort_key
from thidua.org.models import Person, Unit
from thidua.org.permissions import scope_for, visible_units
from thidua.titles.models import Title

from ..history_import import (
    COL_CODE,
    COL_COLLECTIVE,
    COL_DECISION_DATE,
    COL_DECISION_ISSUER,
    COL_DECISION_NUMBER,
    COL_NAME,
    COL_NOTES,
    COL_TITLE,
    COL_UNIT,
    COL_UNIT_CODE,
    COL_YEAR,
    HistoryRow,
)
from ..models import Award, Decision

MIN_YEAR = 1945
# The longest texts the columns hold (checked here so that PostgreSQL never answers with a DataError).
MAX_LENGTHS = {"decision_number": 60, "decision_issuer": 255, "notes": 500}


def _this_year() -> int:
    return timezone.localdate().year


def _text(value) -> str:
    return " ".join(str(value or "").split())


def _short_date(value: datetime.date) -> str:
    return date_format(value, "d/m/Y")


def recipient_names(*, person: Person | None, unit: Unit | None) -> tuple[str, str]:
    """(recipient_name, unit_name) as the history keeps them: a person and their unit, or a collective and the
    unit above it ("" for a unit at the top of the tree)."""
    if person is not None:
        return person.full_name, person.unit.name
    return unit.name, (unit.parent.name if unit.parent_id else "")


def _length_errors(values: dict) -> dict[str, str]:
    labels = {
        "decision_number": _("Số quyết định"),
        "decision_issuer": _("Cơ quan quyết định"),
        "notes": _("Ghi chú"),
    }
    return {
        name: _("%(field)s dài quá %(max)s ký tự.") % {"field": labels[name], "max": limit}
        for name, limit in MAX_LENGTHS.items()
        if len(values[name]) > limit
    }


def _date_error(decision_date: datetime.date | None, year: int | None) -> str | None:
    if decision_date is None:
        return None
    if decision_date > timezone.localdate():
        return _("Ngày quyết định không được sau ngày hôm nay.")
    if year is not None and decision_date.year < year:
        return _("Ngày quyết định (%(date)s) không được trước năm được khen (%(year)s).") % {
            "date": _short_date(decision_date),
            "year": year,
        }
    return None


def _year_error(year) -> str | None:
    if not isinstance(year, int) or isinstance(year, bool):
        return _("Năm phải là một số, ví dụ 2016.")
    if not MIN_YEAR <= year <= _this_year():
        return _("Năm được khen phải từ %(min)s đến %(max)s.") % {"min": MIN_YEAR, "max": _this_year()}
    return None


def _subject_error(title: Title, *, individual: bool) -> str | None:
    if individual and title.subject != Title.Subject.INDIVIDUAL:
        return _("«%(title)s» là danh hiệu, hình thức khen thưởng dành cho tập thể, không ghi cho cá nhân.") % {
            "title": title.name
        }
    if not individual and title.subject != Title.Subject.COLLECTIVE:
        return _("«%(title)s» là danh hiệu, hình thức khen thưởng dành cho cá nhân, không ghi cho tập thể.") % {
            "title": title.name
        }
    return None


def _duplicate_message(*, name: str, title: Title, year: int) -> str:
    return _("«%(name)s» đã có «%(title)s» năm %(year)s trong sổ theo dõi khen thưởng.") % {
        "name": name,
        "title": title.name,
        "year": year,
    }


def _duplicate_exists(award: Award) -> bool:
    same = Award.objects.filter(title_id=award.title_id, year=award.year)
    same = same.filter(person_id=award.person_id) if award.person_id else same.filter(unit_id=award.unit_id)
    return same.exclude(pk=award.pk).exists()


# One award -----------------------------------------------------------------------------------------------------


def award_create(
    *,
    actor,
    title: Title,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    decision_issuer: str = "",
    notes: str = "",
    source: str = Award.Source.MANUAL,
    decision: Decision | None = None,
) -> Award:
    """Record that `person` or the collective `unit` received `title` in `year`.

    Rules: exactly one recipient; the title is for individuals when the recipient is a person and for collectives
    when it is a unit; the year between 1945 and this year; the decision's date neither in the future nor before
    the year; one entry per recipient, title and year. `decision` (a decision of the system) goes with source
    DECISION, and only with it: its number, date and issuer are copied where not given, and its title and year
    must be the award's. Raises ValidationError (Vietnamese, by field where there is one).
    Side effects: the Award row, with the recipient's and unit's names of today, and its audit entry (auditlog,
    attributed to `actor`).
    """
    if person is None and unit is None:
        raise ValidationError(_("Hãy chọn cá nhân hoặc tập thể được khen."))
    if person is not None and unit is not None:
        raise ValidationError(_("Một khen thưởng ghi cho một cá nhân hoặc một tập thể, không cho cả hai."))
    if source not in Award.Source.values:
        raise ValidationError({"source": _("Nguồn ghi nhận không hợp lệ.")})
    if (source == Award.Source.DECISION) != (decision is not None):
        raise ValidationError(_("Khen thưởng theo quyết định trong hệ thống phải gắn với quyết định đó."))
    if decision is not None:
        decision_number = decision_number or decision.number_text
        decision_date = decision_date or decision.date
        decision_issuer = decision_issuer or decision.issuer_name
        if decision.title_id != title.pk or decision.year != year:
            raise ValidationError(
                _("Quyết định %(number)s khen thưởng «%(title)s» năm %(year)s, không phải danh hiệu, năm này.")
                % {"number": decision.number_text or decision.pk, "title": decision.title, "year": decision.year}
            )
    values = {
        "decision_number": _text(decision_number),
        "decision_issuer": _text(decision_issuer),
        "notes": _text(notes),
    }
    errors = _length_errors(values)
    if (message := _subject_error(title, individual=person is not None)) is not None:
        errors["title"] = message
    if (message := _year_error(year)) is not None:
        errors["year"] = message
    elif (message := _date_error(decision_date, year)) is not None:
        errors["decision_date"] = message
    if errors:
        raise ValidationError(errors)
    recipient_name, unit_name = recipient_names(person=person, unit=unit)
    award = Award(
        title=title,
        year=year,
        person=person,
        unit=unit,
        recipient_name=recipient_name,
        unit_name=unit_name,
        decision=decision,
        decision_date=decision_date,
        source=source,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    duplicate = ValidationError(_duplicate_message(name=recipient_name, title=title, year=year))
    with transaction.atomic(), acting_as(actor):
        if _duplicate_exists(award):
            raise duplicate
        try:
            with transaction.atomic():
                award.save()
        except IntegrityError:
            # Recorded by someone else between the check and the insert.
            raise duplicate from None
    return award


def award_update(
    *,
    actor,
    award: Award,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    decision_issuer: str = "",
    notes: str = "",
) -> Award:
    """Correct the decision's reference and the notes of an award entered by hand or imported. Another recipient,
    title or year is another award: remove this one and record that one.

    Refused for an award given by a decision of the system. Same rules as award_create for these fields.
    Side effects: the Award row saved, its audit entry (attributed to `actor`).
    """
    if award.source == Award.Source.DECISION:
        raise ValidationError(_decision_message(award))
    values = {
        "decision_number": _text(decision_number),
        "decision_issuer": _text(decision_issuer),
        "notes": _text(notes),
    }
    errors = _length_errors(values)
    if (message := _date_error(decision_date, award.year)) is not None:
        errors["decision_date"] = message
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(award, name, value)
    award.decision_date = decision_date
    with transaction.atomic(), acting_as(actor):
        award.save(update_fields=[*values, "decision_date"])
    return award


def _decision_message(award: Award) -> str:
    return _(
        "Khen thưởng này được ghi theo Quyết định %(number)s trong hệ thống: chỉ thay đổi được bằng một quyết định "
        "mới (đính chính, thay thế)."
    ) % {"number": award.decision_number or award.decision_id}


def award_delete(*, actor, award: Award) -> None:
    """Remove an award entered by hand or imported (a mistake). Refused for an award given by a decision of the
    system: those change only by a new decision. Side effects: the row deleted, its audit entry (attributed to
    `actor`)."""
    if award.source == Award.Source.DECISION or award.decision_id is not None:
        raise ValidationError(_decision_message(award))
    with transaction.atomic(), acting_as(actor):
        award.delete()


# Import from a file ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class ImportLine:
    """A row that passed every check: the award it will record."""

    row: int
    year: int
    title: Title
    person_id: int | None
    unit_id: int | None
    recipient_name: str
    unit_name: str
    decision_number: str
    decision_date: datetime.date | None
    decision_issuer: str
    notes: str

    @property
    def is_collective(self) -> bool:
        return self.unit_id is not None


@dataclass
class ImportPlan:
    """What a dry run found: the awards it would record, or the problems (then nothing is written)."""

    rows: int = 0
    lines: list[ImportLine] = field(default_factory=list)
    problems: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def individual(self) -> int:
        return sum(1 for line in self.lines if not line.is_collective)

    @property
    def collective(self) -> int:
        return sum(1 for line in self.lines if line.is_collective)


class _UnitRow(NamedTuple):
    pk: int
    name: str
    path: str
    parent_id: int | None
    parent_name: str | None


class _PersonRow(NamedTuple):
    pk: int
    full_name: str
    unit_id: int


def _loose(text: str) -> str:
    return " ".join(fold(text or "").split())


def _int(text: str) -> int | None:
    # Up to 9 digits: a year or an id, never a number the database's integer columns cannot compare.
    return int(text) if text.isdecimal() and len(text) <= 9 else None


_DATE_FORMATS = (
    re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
)


def _parse_date(text: str) -> datetime.date | None:
    for pattern in _DATE_FORMATS:
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None


@dataclass(slots=True)
class _Pending:
    """A row whose year, title and subject are read, waiting for its unit and person."""

    row: HistoryRow
    year: int
    title: Title | None
    individual: bool
    target: str  # the unit's name as written: the person's unit, or the collective
    target_column: str
    candidates: list[_UnitRow]
    decision_date: datetime.date | None


class _Checker:
    """Resolves the rows against the database, read once with a fixed number of set-based queries: the titles,
    the units, the people of the units the rows name, the awards already recorded for them."""

    def __init__(self, actor):
        self.actor = actor
        # No actor: a command or the demo data, which may record anything.
        self.scope = scope_for(actor) if getattr(actor, "is_authenticated", False) else None
        self.sees_all = self.scope is None or self.scope.read_all
        self.problems: list[RowError] = []

    def problem(self, row: HistoryRow, column: str, message: str) -> None:
        self.problems.append(RowError(row.number, column, message))

    def can_write(self, unit: _UnitRow) -> bool:
        scope = self.scope
        return scope is None or scope.is_board or any(unit.path.startswith(p) for p in scope.write_paths)

    # Catalogues ----------------------------------------------------------------------------------------------

    def load(self) -> None:
        self.titles: dict[str, list[Title]] = defaultdict(list)
        for title in Title.objects.order_by():
            for key in {_loose(title.name), _loose(title.short_name), _loose(title.code)} - {""}:
                self.titles[key].append(title)
        units = Unit.objects.all() if self.sees_all else visible_units(self.actor)
        rows = units.order_by().values_list("pk", "name", "path", "parent_id", "parent__name")
        self.units = {row[0]: _UnitRow(*row) for row in rows}
        self.units_by_name: dict[str, list[_UnitRow]] = defaultdict(list)
        for unit in self.units.values():
            self.units_by_name[_loose(unit.name)].append(unit)

    # The cells -----------------------------------------------------------------------------------------------

    def year(self, row: HistoryRow) -> int | None:
        if not row.year:
            self.problem(row, COL_YEAR, _("chưa ghi năm."))
            return None
        year = _int(row.year)
        if year is None:
            self.problem(row, COL_YEAR, _("«%(value)s» không phải là một năm (ví dụ: 2016).") % {"value": row.year})
            return None
        if not MIN_YEAR <= year <= _this_year():
            self.problem(
                row,
                COL_YEAR,
                _("năm %(year)s không hợp lệ: phải từ %(min)s đến %(max)s.")
                % {"year": year, "min": MIN_YEAR, "max": _this_year()},
            )
            return None
        return year

    def title(self, row: HistoryRow, *, individual: bool) -> Title | None:
        if not row.title:
            self.problem(row, COL_TITLE, _("chưa ghi danh hiệu, hình thức khen thưởng."))
            return None
        found = self.titles.get(_loose(row.title), [])
        if len(found) > 1:
            # "Giấy khen" of a person or of a collective: the row's subject says which.
            wanted = Title.Subject.INDIVIDUAL if individual else Title.Subject.COLLECTIVE
            found = [t for t in found if t.subject == wanted] or found
        if not found:
            self.problem(
                row,
                COL_TITLE,
                _("không có «%(title)s» trong danh mục danh hiệu, hình thức khen thưởng.") % {"title": row.title},
            )
            return None
        if len(found) > 1:
            names = sorted((t.name for t in found), key=sort_key)
            self.problem(
                row,
                COL_TITLE,
                _("«%(title)s» có thể là %(names)s: hãy ghi tên đầy đủ.")
                % {"title": row.title, "names": ", ".join(f"«{name}»" for name in names)},
            )
            return None
        title = found[0]
        if individual and title.subject != Title.Subject.INDIVIDUAL:
            message = _(
                "«%(title)s» dành cho tập thể: để trống «Họ và tên», ghi tập thể ở cột «Tập thể» hoặc «Đơn vị»."
            )
        elif not individual and title.subject != Title.Subject.COLLECTIVE:
            message = _("«%(title)s» dành cho cá nhân: ghi «Họ và tên» của người được khen.")
        else:
            return title
        self.problem(row, COL_TITLE, message % {"title": title.name})
        return None

    def decision(self, row: HistoryRow, year: int | None) -> tuple[bool, datetime.date | None]:
        ok = True
        for column, value, limit in (
            (COL_DECISION_NUMBER, row.decision_number, MAX_LENGTHS["decision_number"]),
            (COL_DECISION_ISSUER, row.decision_issuer, MAX_LENGTHS["decision_issuer"]),
            (COL_NOTES, row.notes, MAX_LENGTHS["notes"]),
        ):
            if len(value) > limit:
                self.problem(row, column, _("dài quá %(max)s ký tự.") % {"max": limit})
                ok = False
        decision_date = None
        if row.decision_date:
            decision_date = _parse_date(row.decision_date)
            if decision_date is None:
                self.problem(
                    row,
                    COL_DECISION_DATE,
                    _("«%(value)s» không phải là một ngày (ghi ngày/tháng/năm, ví dụ: 05/01/2017).")
                    % {"value": row.decision_date},
                )
                ok = False
            elif (message := _date_error(decision_date, year)) is not None:
                self.problem(row, COL_DECISION_DATE, message[0].lower() + message[1:])
                ok = False
        return ok, decision_date

    def subject(self, row: HistoryRow) -> tuple[str, str] | None:
        """(the unit's name to look up, its column), or None with the problem recorded."""
        if row.name and row.collective:
            self.problem(
                row, COL_COLLECTIVE, _("ghi «Họ và tên» (cá nhân) hoặc «Tập thể», không ghi cả hai trên một dòng.")
            )
            return None
        if row.code and not row.name:
            self.problem(row, COL_NAME, _("có «Mã cá nhân» nhưng chưa ghi họ và tên."))
            return None
        if row.name:
            if not row.unit:
                self.problem(row, COL_UNIT, _("chưa ghi đơn vị của «%(name)s».") % {"name": row.name})
                return None
            return row.unit, COL_UNIT
        if row.collective:
            return row.collective, COL_COLLECTIVE
        if not row.unit:
            self.problem(row, COL_UNIT, _("chưa ghi người hoặc tập thể được khen."))
            return None
        return row.unit, COL_UNIT

    def candidates(self, row: HistoryRow, target: str, column: str) -> list[_UnitRow] | None:
        """The units the row may mean (several: settled later by its people), or None with the problem recorded."""
        if row.unit_code:
            unit = self.units.get(_int(row.unit_code) or 0)
            if unit is None:
                self.problem(row, COL_UNIT_CODE, _("không có đơn vị mã «%(code)s».") % {"code": row.unit_code})
                return None
            if _loose(unit.name) != _loose(target):
                self.problem(
                    row,
                    column,
                    _("mã đơn vị %(code)s là của «%(unit)s», không phải «%(name)s».")
                    % {"code": unit.pk, "unit": unit.name, "name": target},
                )
                return None
            found = [unit]
        else:
            found = list(self.units_by_name.get(_loose(target), ()))
        if not found:
            if self.sees_all:
                message = _("không tìm thấy đơn vị «%(name)s».")
            else:
                message = _("không tìm thấy đơn vị «%(name)s» trong các đơn vị bạn được xem.")
            self.problem(row, column, message % {"name": target})
            return None
        if column == COL_COLLECTIVE and row.unit:
            # «Đơn vị» beside «Tập thể» is the unit above the collective.
            above = [u for u in found if _loose(u.parent_name or "") == _loose(row.unit)]
            if not above:
                self.problem(
                    row,
                    COL_UNIT,
                    _("«%(collective)s» không thuộc «%(unit)s».") % {"collective": found[0].name, "unit": row.unit},
                )
                return None
            found = above
        return found

    def ambiguous(self, row: HistoryRow, target: str, column: str, found: list[_UnitRow]) -> None:
        by_parent = sorted(found, key=lambda u: (u.parent_name is not None, sort_key(u.parent_name or ""), u.pk))
        places = "; ".join(
            (
                _("thuộc «%(parent)s» (mã đơn vị %(code)s)") % {"parent": u.parent_name, "code": u.pk}
                if u.parent_name is not None
                else _("không có đơn vị cấp trên (mã đơn vị %(code)s)") % {"code": u.pk}
            )
            for u in by_parent
        )
        if column == COL_COLLECTIVE or (column == COL_UNIT and not row.name):
            hint = _("ghi đơn vị cấp trên ở cột «Đơn vị» (tập thể ở cột «Tập thể») hoặc ghi cột «Mã đơn vị».")
        else:
            hint = _("ghi thêm cột «Mã đơn vị» để phân biệt.")
        self.problem(
            row,
            column,
            _("có %(n)s đơn vị tên «%(name)s»: %(places)s; %(hint)s")
            % {"n": len(found), "name": target, "places": places, "hint": hint},
        )

    def refuse(self, row: HistoryRow, column: str, unit: _UnitRow) -> bool:
        if self.can_write(unit):
            return False
        self.problem(row, column, _("bạn không có quyền ghi khen thưởng cho «%(unit)s».") % {"unit": unit.name})
        return True

    # The rows ------------------------------------------------------------------------------------------------

    def check(self, rows: list[HistoryRow]) -> list[ImportLine]:
        self.load()
        pending = [item for item in map(self.read, rows) if item is not None]
        self.load_people(pending)
        resolved = []
        for item in pending:
            found = self.resolve(item)
            if found is not None:
                resolved.append((item, *found))
        lines = self.lines(resolved)
        self.problems.sort(key=lambda p: p.row or 0)
        return lines

    def read(self, row: HistoryRow) -> _Pending | None:
        """The row's year, title, decision and the units it may mean, or None with its problems recorded."""
        subject = self.subject(row)
        individual = bool(row.name)
        year = self.year(row)
        title = self.title(row, individual=individual)
        decision_ok, decision_date = self.decision(row, year)
        if row.code and _int(row.code) is None:
            self.problem(row, COL_CODE, _("«%(value)s» không phải là một mã cá nhân (một số).") % {"value": row.code})
            return None
        if row.unit_code and _int(row.unit_code) is None:
            self.problem(
                row, COL_UNIT_CODE, _("«%(value)s» không phải là một mã đơn vị (một số).") % {"value": row.unit_code}
            )
            return None
        if subject is None:
            return None
        found = self.candidates(row, *subject)
        if found is None or year is None or title is None or not decision_ok:
            return None
        return _Pending(row, year, title, individual, *subject, found, decision_date)

    def load_people(self, pending: list[_Pending]) -> None:
        """The people of every unit a person's row may mean, and those of the codes: one query."""
        unit_ids = {u.pk for p in pending if p.individual for u in p.candidates}
        codes = {_int(p.row.code) for p in pending if p.row.code}
        people = Person.objects.filter(Q(unit_id__in=unit_ids) | Q(pk__in=codes)).order_by()
        self.people = {row[0]: _PersonRow(*row) for row in people.values_list("pk", "full_name", "unit_id")}
        self.people_by_name: dict[tuple[int, str], list[_PersonRow]] = defaultdict(list)
        for person in self.people.values():
            self.people_by_name[(person.unit_id, _loose(person.full_name))].append(person)

    def by_code(self, item: _Pending) -> tuple[_PersonRow, list[_UnitRow]] | None:
        """The person of the row's «Mã cá nhân» and the units of the row that are theirs, or None."""
        row = item.row
        person = self.people.get(_int(row.code))
        if person is None:
            self.problem(row, COL_CODE, _("không có cá nhân mã «%(code)s».") % {"code": row.code})
            return None
        if _loose(person.full_name) != _loose(row.name):
            self.problem(
                row,
                COL_CODE,
                _("mã cá nhân %(code)s là của «%(person)s», không phải «%(name)s».")
                % {"code": row.code, "person": person.full_name, "name": row.name},
            )
            return None
        # The person's unit settles which of several units of that name is meant.
        found = [u for u in item.candidates if u.pk == person.unit_id]
        if not found:
            named = item.candidates[0].name if len(item.candidates) == 1 else item.target
            self.problem(
                row, COL_CODE, _("cá nhân mã %(code)s không thuộc «%(unit)s».") % {"code": row.code, "unit": named}
            )
            return None
        return person, found

    def by_name(self, row: HistoryRow, unit: _UnitRow) -> _PersonRow | None:
        people = self.people_by_name.get((unit.pk, _loose(row.name)), [])
        if not people:
            self.problem(
                row, COL_NAME, _("không tìm thấy «%(name)s» trong «%(unit)s».") % {"name": row.name, "unit": unit.name}
            )
            return None
        if len(people) > 1:
            self.problem(
                row,
                COL_NAME,
                _(
                    "«%(unit)s» có %(n)s người tên «%(name)s» (mã cá nhân: %(codes)s); ghi thêm cột «Mã cá nhân» để "
                    "biết dòng %(row)s là của ai."
                )
                % {
                    "unit": unit.name,
                    "n": len(people),
                    "name": row.name,
                    "codes": ", ".join(str(p.pk) for p in sorted(people, key=lambda p: p.pk)),
                    "row": row.number,
                },
            )
            return None
        return people[0]

    def resolve(self, item: _Pending) -> tuple[_UnitRow, _PersonRow | None] | None:
        """The row's unit and, for a person's row, the person; or None with the problem recorded."""
        row, found, person = item.row, item.candidates, None
        if item.individual and row.code:
            known = self.by_code(item)
            if known is None:
                return None
            person, found = known
        elif item.individual and len(found) > 1:
            # Several units of that name: the one where someone of that name works, if only one.
            found = [u for u in found if self.people_by_name.get((u.pk, _loose(row.name)))] or found
        if len(found) > 1:
            # The ones the user may write to, if only one (a "Văn phòng" under each Cục).
            found = [u for u in found if self.can_write(u)] or found
        if len(found) > 1:
            self.ambiguous(row, item.target, item.target_column, found)
            return None
        unit = found[0]
        if self.refuse(row, item.target_column, unit):
            return None
        if item.individual and person is None:
            person = self.by_name(row, unit)
            if person is None:
                return None
        return unit, person

    def recorded(self, resolved: list[tuple[_Pending, _UnitRow, _PersonRow | None]]) -> set[tuple]:
        """The keys of the awards already in the history for the recipients, titles and years of the file."""
        if not resolved:
            return set()
        existing = Award.objects.order_by().filter(
            year__in={item.year for item, _unit, _person in resolved},
            title_id__in={item.title.pk for item, _unit, _person in resolved},
        )
        person_ids = {person.pk for _item, _unit, person in resolved if person is not None}
        collective_ids = {unit.pk for _item, unit, person in resolved if person is None}
        existing = existing.filter(Q(person_id__in=person_ids) | Q(unit_id__in=collective_ids))
        return {
            ("p", person_id, title_id, year) if person_id else ("u", unit_id, title_id, year)
            for person_id, unit_id, title_id, year in existing.values_list("person_id", "unit_id", "title_id", "year")
        }

    def lines(self, resolved: list[tuple[_Pending, _UnitRow, _PersonRow | None]]) -> list[ImportLine]:
        """The awards to record: those not already in the history, each once."""
        recorded = self.recorded(resolved)
        lines: list[ImportLine] = []
        seen: dict[tuple, int] = {}
        for item, unit, person in resolved:
            row, title, year = item.row, item.title, item.year
            if person is not None:
                key = ("p", person.pk, title.pk, year)
                recipient_name, unit_name = person.full_name, unit.name
            else:
                key = ("u", unit.pk, title.pk, year)
                recipient_name, unit_name = unit.name, unit.parent_name or ""
            values = {"name": recipient_name, "title": title.name, "year": year}
            if key in recorded:
                self.problem(
                    row,
                    COL_TITLE,
                    _("«%(name)s» đã có «%(title)s» năm %(year)s trong sổ theo dõi khen thưởng.") % values,
                )
                continue
            if key in seen:
                self.problem(
                    row,
                    COL_TITLE,
                    _("trùng với dòng %(other)s: «%(name)s», «%(title)s» năm %(year)s.")
                    % {**values, "other": seen[key]},
                )
                continue
            seen[key] = row.number
            lines.append(
                ImportLine(
                    row=row.number,
                    year=year,
                    title=title,
                    person_id=person.pk if person else None,
                    unit_id=None if person else unit.pk,
                    recipient_name=recipient_name,
                    unit_name=unit_name,
                    decision_number=row.decision_number,
                    decision_date=item.decision_date,
                    decision_issuer=row.decision_issuer,
                    notes=row.notes,
                )
            )
        return lines


def award_import_check(*, actor, rows: list[HistoryRow]) -> ImportPlan:
    """The dry run of an import: every row checked, nothing written.

    Rules, per row: a year from 1945 to this year; a title of the catalogue by its name, short name or code (with
    or without diacritics) whose subject is the row's: a person («Họ và tên», in the unit «Đơn vị») or a collective
    («Tập thể», with the unit above it in «Đơn vị», or the unit «Đơn vị» itself); a unit of that name (several:
    «Mã đơn vị», or the parents, tell them apart) that `actor` may write to (the board: any; unit staff: their
    units and sub-units); one person of that name in it («Mã cá nhân» for namesakes); a readable decision date,
    not in the future nor before the year; not already in the history, nor twice in the file. A fixed number of
    queries whatever the number of rows.
    """
    checker = _Checker(actor)
    lines = checker.check(rows)
    return ImportPlan(rows=len(rows), lines=lines, problems=checker.problems)


def award_import(*, actor, rows: list[HistoryRow]) -> list[Award]:
    """Record the awards of an import file: every row or none.

    Checks the rows again as award_import_check does (the database may have changed since the preview), in the
    transaction that writes them; any problem raises a ValidationError listing every one ("Dòng 5, cột «Đơn vị»:
    ...") and nothing is written. Side effects: the Award rows (source IMPORT) by bulk_create, one audit entry per
    row (log_bulk_created, attributed to `actor`, marked as bulk).
    """
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            plan = award_import_check(actor=actor, rows=rows)
            if not plan.is_valid:
                raise ValidationError([problem.text for problem in plan.problems])
            awards = [
                Award(
                    title=line.title,
                    year=line.year,
                    person_id=line.person_id,
                    unit_id=line.unit_id,
                    recipient_name=line.recipient_name,
                    unit_name=line.unit_name,
                    decision_number=line.decision_number,
                    decision_date=line.decision_date,
                    decision_issuer=line.decision_issuer,
                    notes=line.notes,
                    source=Award.Source.IMPORT,
                    created_by=created_by,
                )
                for line in plan.lines
            ]
            created = Award.objects.bulk_create(awards)
            log_bulk_created(created, actor=actor, note=_("Nhập sổ theo dõi khen thưởng từ tệp"))
    except IntegrityError:
        raise ValidationError(
            _(
                "Trong lúc nhập, một số khen thưởng trong tệp vừa được ghi vào sổ theo dõi khen thưởng: không có "
                "dòng nào được ghi. Hãy tải tệp lên lại để kiểm tra."
            )
        ) from None
    return created
