"""Writes for the year-end evaluation: people's annual ratings and discipline (one, a unit's table, an xlsx
import), their recognised initiatives, and the covenant scores that member units give each other.

Audit. Ratings and scores are written in bulk (a unit's table, an import of thousands of rows, a score sheet of
members × criteria), which skips the model signals django-auditlog relies on; so these services write the audit
entries themselves, one per row created (thidua.core.audit.log_bulk_created) or changed (log_bulk_updated: an
"update" entry with the changed fields only, in auditlog's shape). Unchanged rows are neither written nor
logged. Initiatives are written one at a time and audited by auditlog under acting_as(actor).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as, log_bulk_created, log_bulk_updated
from thidua.core.vietnamese import fold
from thidua.org.models import ClusterMembership, ClusterTerm, Person, Unit
from thidua.org.permissions import scope_for

from ..evaluation_import import (
    COL_CODE,
    COL_DISCIPLINE,
    COL_NAME,
    COL_RATING,
    COL_UNIT,
    COL_YEAR,
    RatingRow,
    discipline_aliases,
    label_key,
    rating_aliases,
)
from ..models import Covenant, CovenantCriterion, Initiative, PersonEvaluation, UnitEvaluation, UnitScore

Rating = PersonEvaluation.Rating
Discipline = PersonEvaluation.Discipline

MIN_YEAR = 1945


def _this_year() -> int:
    return timezone.localdate().year


def _year_error(year) -> str | None:
    if not isinstance(year, int) or isinstance(year, bool):
        return _("Năm phải là một số, ví dụ 2016.")
    if not MIN_YEAR <= year <= _this_year():
        return _("Năm %(year)s không hợp lệ: phải từ %(min)s đến %(max)s.") % {
            "year": year,
            "min": MIN_YEAR,
            "max": _this_year(),
        }
    return None


def _actor_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _diff(obj, values: dict) -> dict[str, list[str]]:
    """{field: [old, new]} for the fields of `values` that differ from `obj`'s, and sets them on `obj`."""
    changes = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = [str(old), str(new)]
            setattr(obj, name, new)
    return changes


# Ratings --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvaluationInput:
    """One row of a unit's table: the person (by id), the rating code and the discipline level."""

    person_id: int
    rating: str
    discipline: int = Discipline.NONE


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class _Item:
    """A rating to write, resolved: who, which year, by which unit."""

    person: Person
    year: int
    unit_id: int
    unit_name: str
    rating: str
    discipline: int
    ref: object = None  # where the row came from, for the error messages (an Excel row number)


def _membership_errors(items: Sequence[_Item]) -> tuple[dict[tuple[int, int], PersonEvaluation], list]:
    """The existing evaluations of these (person, year) pairs, and the items whose unit may not rate them.

    A unit rates a person who works in it (active or not: a rating of a past year), or one it already rated that
    year; a person rated that year by another unit stays with that unit (one rating per person and year).
    """
    persons = {i.person.pk for i in items}
    years = {i.year for i in items}
    existing = {
        (e.person_id, e.year): e
        for e in PersonEvaluation.objects.filter(person_id__in=persons, year__in=years).select_related("person")
    }
    errors = []
    for item in items:
        current = existing.get((item.person.pk, item.year))
        if current is not None and current.unit_id != item.unit_id:
            errors.append(
                (
                    item,
                    _("%(person)s đã được %(unit)s đánh giá, xếp loại năm %(year)s.")
                    % {"person": item.person.full_name, "unit": current.unit_name, "year": item.year},
                )
            )
        elif current is None and item.person.unit_id != item.unit_id:
            errors.append(
                (
                    item,
                    _("%(person)s không thuộc %(unit)s.") % {"person": item.person.full_name, "unit": item.unit_name},
                )
            )
    return existing, errors


def _write_evaluations(
    items: Sequence[_Item], existing: dict[tuple[int, int], PersonEvaluation], *, actor, note: str
) -> WriteResult:
    """Create or update the evaluations of `items` (already validated) in bulk, with their audit entries."""
    now = timezone.now()
    updated_by = _actor_or_none(actor)
    result = WriteResult()
    creates, updates = [], []
    for item in items:
        values = {
            "unit_id": item.unit_id,
            "unit_name": item.unit_name,
            "rating": item.rating,
            "discipline": item.discipline,
        }
        current = existing.get((item.person.pk, item.year))
        if current is None:
            creates.append(PersonEvaluation(person=item.person, year=item.year, updated_by=updated_by, **values))
            continue
        changes = _diff(current, values)
        if "unit_id" in changes:
            # auditlog names a foreign key by its field, as log_bulk_created does.
            changes["unit"] = changes.pop("unit_id")
        if not changes:
            result.unchanged += 1
            continue
        current.updated_by, current.updated_at = updated_by, now
        updates.append((current, changes))
    created = PersonEvaluation.objects.bulk_create(creates, batch_size=1000)
    if created and created[0].pk is None:
        # Backends that do not return ids from bulk_create: read them back for the audit entries.
        keys = {(c.person_id, c.year) for c in created}
        created = [
            e
            for e in PersonEvaluation.objects.filter(
                person_id__in={k[0] for k in keys}, year__in={k[1] for k in keys}
            ).select_related("person")
            if (e.person_id, e.year) in keys
        ]
    PersonEvaluation.objects.bulk_update(
        [obj for obj, _changes in updates],
        ["unit_id", "unit_name", "rating", "discipline", "updated_by", "updated_at"],
        batch_size=1000,
    )
    log_bulk_created(created, actor=actor, note=note)
    log_bulk_updated(updates, actor=actor, note=note)
    result.created, result.updated = len(created), len(updates)
    return result


def _check_values(rating, discipline) -> dict[str, str]:
    errors = {}
    if rating not in Rating.values:
        errors["rating"] = _("Xếp loại «%(value)s» không hợp lệ.") % {"value": rating}
    if discipline not in Discipline.values:
        errors["discipline"] = _("Hình thức kỷ luật «%(value)s» không hợp lệ.") % {"value": discipline}
    return errors


def evaluation_set_many(
    *, actor, unit: Unit, year: int, rows: Iterable[EvaluationInput], note: str = ""
) -> WriteResult:
    """Save a unit's evaluation table for `year` in one transaction: all rows or none.

    Rules: the year is between 1945 and this year; each person appears once, works in the unit or was already
    rated by it that year, and was not rated that year by another unit; ratings and discipline levels are valid.
    Bad rows raise one ValidationError listing every problem by person name. Side effects: evaluations created
    or updated in bulk (the unit's name of today kept on each), one audit entry per row created or changed.
    """
    rows = list(rows)
    year_error = _year_error(year)
    if year_error:
        raise ValidationError({"year": year_error})
    messages, seen = [], set()
    people = Person.objects.only("pk", "full_name", "unit_id").in_bulk([r.person_id for r in rows])
    items = []
    for row in rows:
        person = people.get(row.person_id)
        if person is None:
            messages.append(_("Không tìm thấy cá nhân mã %(code)s.") % {"code": row.person_id})
            continue
        if row.person_id in seen:
            messages.append(_("%(person)s xuất hiện hai lần.") % {"person": person.full_name})
            continue
        seen.add(row.person_id)
        for message in _check_values(row.rating, row.discipline).values():
            messages.append(f"{person.full_name}: {message}")
        items.append(_Item(person, year, unit.pk, unit.name, row.rating, row.discipline))
    with transaction.atomic():
        existing, errors = _membership_errors(items)
        messages += [message for _item, message in errors]
        if messages:
            raise ValidationError(messages)
        try:
            with transaction.atomic():
                return _write_evaluations(
                    items, existing, actor=actor, note=note or _("Bảng đánh giá, xếp loại của đơn vị")
                )
        except IntegrityError:
            raise ValidationError(
                _("Dữ liệu vừa được người khác thay đổi; vui lòng tải lại trang và lưu lại.")
            ) from None


def evaluation_set(
    *, actor, person: Person, year: int, rating: str, discipline: int = Discipline.NONE, unit: Unit | None = None
) -> PersonEvaluation:
    """Set one person's rating and discipline for `year`, rated by `unit` (default: the unit that already rated
    them that year, else their unit). Same rules and side effects as evaluation_set_many; errors by field."""
    errors = _check_values(rating, discipline)
    year_error = _year_error(year)
    if year_error:
        errors["year"] = year_error
    if errors:
        raise ValidationError(errors)
    if unit is None:
        current = PersonEvaluation.objects.filter(person=person, year=year).select_related("unit").first()
        unit = current.unit if current else person.unit
    try:
        evaluation_set_many(
            actor=actor,
            unit=unit,
            year=year,
            rows=[EvaluationInput(person.pk, rating, discipline)],
            note=_("Đánh giá, xếp loại một cá nhân"),
        )
    except ValidationError as exc:
        raise ValidationError({"person": exc.messages}) from None
    return PersonEvaluation.objects.select_related("person", "unit").get(person=person, year=year)


# Ratings import ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """A problem with one cell (or row) of the workbook: its Excel row number, column name and message."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Dòng %(row)d, cột «%(column)s»: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Dòng %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportLine:
    """A row that would be written: what it resolves to and whether it creates, changes or keeps a rating."""

    row: int
    year: int
    unit_name: str
    person: Person
    rating: str
    discipline: int
    action: str  # "create", "update" or "unchanged"

    @property
    def rating_label(self) -> str:
        return Rating(self.rating).label

    @property
    def discipline_label(self) -> str:
        return Discipline(self.discipline).label


@dataclass
class ImportPlan:
    lines: list[ImportLine] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    # What evaluation_import writes when the plan is valid.
    items: list[_Item] = field(default_factory=list, repr=False)
    existing: dict = field(default_factory=dict, repr=False)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)


def _all_units() -> tuple[dict[str, list[tuple[int, str, str]]], dict[str, list[tuple[int, str, str]]]]:
    """Every unit, by exact name and by name without diacritics: one query over (id, name, path)."""
    exact, folded = {}, {}
    for pk, name, path in Unit.objects.values_list("pk", "name", "path"):
        exact.setdefault(name, []).append((pk, name, path))
        folded.setdefault(fold(name), []).append((pk, name, path))
    return exact, folded


def _can_write_path(scope, path: str) -> bool:
    return scope is None or scope.is_board or any(path.startswith(p) for p in scope.write_paths)


def evaluation_import_check(*, actor, rows: Sequence[RatingRow]) -> ImportPlan:
    """Validate the rows of a ratings workbook without writing anything (the dry run): a plan of what each row
    would do, or the problems, each with its Excel row number and its column's Vietnamese name.

    Set-based: a fixed number of queries whatever the number of rows (all units once; people by code and by
    unit; the existing evaluations of the people found). Rules: the year is a number between 1945 and this year;
    the unit is found by its name (with or without diacritics) and the actor may enter data for it; the person is
    found in that unit by "Mã cá nhân" (the id shown in the portal) or, without it, by full name, which must then
    be unique in the unit; the rating is one of the four labels; the discipline is a known label or empty; a
    person appears once per year; plus the rules of evaluation_set_many. With no actor (a command, the demo data)
    every unit is writable.
    """
    scope = scope_for(actor) if getattr(actor, "is_authenticated", False) else None
    ratings, disciplines = rating_aliases(), discipline_aliases()
    plan = ImportPlan()

    def problem(row: RatingRow, column, message: str) -> None:
        plan.problems.append(ImportProblem(row.number, str(column) if column else "", message))

    parsed = []
    for row in rows:
        ok = True
        year = int(row.year) if row.year.isdigit() else None
        if not row.year:
            problem(row, COL_YEAR, _("chưa nhập năm."))
            ok = False
        elif year is None:
            problem(row, COL_YEAR, _("«%(value)s» không phải là năm.") % {"value": row.year})
            ok = False
        elif (message := _year_error(year)) is not None:
            problem(row, COL_YEAR, message)
            ok = False
        if not row.unit:
            problem(row, COL_UNIT, _("chưa nhập tên đơn vị."))
            ok = False
        if not row.name:
            problem(row, COL_NAME, _("chưa nhập họ và tên."))
            ok = False
        code = None
        if row.code:
            if row.code.isdigit():
                code = int(row.code)
            else:
                problem(row, COL_CODE, _("«%(value)s» không phải là mã cá nhân (một số).") % {"value": row.code})
                ok = False
        rating = ratings.get(label_key(row.rating))
        if rating is None:
            problem(
                row,
                COL_RATING,
                (
                    _("«%(value)s» không phải là một xếp loại. Chọn một trong: %(choices)s.")
                    if row.rating
                    else _("chưa nhập xếp loại. Chọn một trong: %(choices)s.")
                )
                % {"value": row.rating, "choices": "; ".join(str(label) for label in Rating.labels)},
            )
            ok = False
        discipline = disciplines.get(label_key(row.discipline))
        if discipline is None:
            problem(
                row,
                COL_DISCIPLINE,
                _(
                    "«%(value)s» không phải là một hình thức kỷ luật. Để trống nếu không bị kỷ luật, hoặc chọn: "
                    "%(choices)s."
                )
                % {"value": row.discipline, "choices": "; ".join(str(label) for label in Discipline.labels[1:])},
            )
            ok = False
        if ok:
            parsed.append((row, year, code, rating, discipline))

    exact_units, folded_units = _all_units()
    codes = {code for _row, _year, code, _r, _d in parsed if code is not None}
    by_code = Person.objects.only("pk", "full_name", "unit_id").in_bulk(codes) if codes else {}

    # Units first: the people are then looked up in the units the rows name.
    with_units = []
    for row, year, code, rating, discipline in parsed:
        candidates = exact_units.get(row.unit) or folded_units.get(fold(row.unit)) or []
        if not candidates:
            problem(row, COL_UNIT, _("không tìm thấy đơn vị «%(unit)s».") % {"unit": row.unit})
            continue
        person = None
        if code is not None:
            person = by_code.get(code)
            if person is None:
                problem(row, COL_CODE, _("không có cá nhân nào mang mã %(code)s.") % {"code": code})
                continue
            if " ".join(fold(person.full_name).split()) != " ".join(fold(row.name).split()):
                problem(
                    row,
                    COL_NAME,
                    _("mã cá nhân %(code)s là của «%(owner)s», không phải «%(name)s».")
                    % {"code": code, "owner": person.full_name, "name": row.name},
                )
                continue
            # A person's current unit settles which of several units of that name is meant.
            match = [c for c in candidates if c[0] == person.unit_id]
            candidates = match or candidates
        if len(candidates) > 1:
            problem(
                row,
                COL_UNIT,
                _("có %(n)d đơn vị tên «%(unit)s»; hãy ghi «%(code)s» để xác định.")
                % {"n": len(candidates), "unit": row.unit, "code": COL_CODE},
            )
            continue
        unit_id, unit_name, path = candidates[0]
        if not _can_write_path(scope, path):
            problem(row, COL_UNIT, _("bạn không có quyền nhập xếp loại cho %(unit)s.") % {"unit": unit_name})
            continue
        with_units.append((row, year, unit_id, unit_name, person, rating, discipline))

    needs_name = {unit_id for _row, _y, unit_id, _n, person, _r, _d in with_units if person is None}
    by_name: dict[tuple[int, str], list[Person]] = {}
    by_folded: dict[tuple[int, str], list[Person]] = {}
    if needs_name:
        for person in Person.objects.filter(unit_id__in=needs_name).only("pk", "full_name", "unit_id"):
            by_name.setdefault((person.unit_id, person.full_name), []).append(person)
            by_folded.setdefault((person.unit_id, fold(person.full_name)), []).append(person)

    items: list[_Item] = []
    first_row: dict[tuple[int, int], int] = {}
    for row, year, unit_id, unit_name, person, rating, discipline in with_units:
        if person is None:
            found = by_name.get((unit_id, row.name)) or by_folded.get((unit_id, fold(row.name))) or []
            if not found:
                problem(
                    row,
                    COL_NAME,
                    _("không tìm thấy «%(name)s» trong %(unit)s.") % {"name": row.name, "unit": unit_name},
                )
                continue
            if len(found) > 1:
                problem(
                    row,
                    COL_NAME,
                    _("%(unit)s có %(n)d người tên «%(name)s»; hãy ghi «%(code)s» (mã %(codes)s).")
                    % {
                        "unit": unit_name,
                        "n": len(found),
                        "name": row.name,
                        "code": COL_CODE,
                        "codes": ", ".join(str(p.pk) for p in found),
                    },
                )
                continue
            person = found[0]
        key = (person.pk, year)
        if key in first_row:
            problem(
                row,
                COL_NAME,
                _("%(name)s đã có ở dòng %(first)d cho năm %(year)s.")
                % {"name": person.full_name, "first": first_row[key], "year": year},
            )
            continue
        first_row[key] = row.number
        items.append(_Item(person, year, unit_id, unit_name, rating, discipline, ref=row))

    existing, errors = _membership_errors(items)
    bad = set()
    for item, message in errors:
        problem(item.ref, COL_NAME, message)
        bad.add(id(item))
    for item in items:
        if id(item) in bad:
            continue
        current = existing.get((item.person.pk, item.year))
        if current is None:
            action = "create"
        elif (current.rating, current.discipline, current.unit_id, current.unit_name) == (
            item.rating,
            item.discipline,
            item.unit_id,
            item.unit_name,
        ):
            action = "unchanged"
        else:
            action = "update"
        plan.lines.append(
            ImportLine(item.ref.number, item.year, item.unit_name, item.person, item.rating, item.discipline, action)
        )
    plan.problems.sort(key=lambda p: p.row)
    plan.items, plan.existing = [i for i in items if id(i) not in bad], existing
    return plan


def evaluation_import(*, actor, rows: Sequence[RatingRow]) -> WriteResult:
    """Write the ratings of a workbook: all rows or none.

    Validates exactly as evaluation_import_check, in the same transaction as the writes; any problem raises a
    ValidationError listing every problem ("Dòng 5, cột «Xếp loại»: ...") and nothing is written. Side effects:
    evaluations created or updated in bulk, one audit entry per row created or changed (note: the import).
    """
    try:
        with transaction.atomic():
            plan = evaluation_import_check(actor=actor, rows=rows)
            if not plan.is_valid:
                raise ValidationError([str(p) for p in plan.problems])
            return _write_evaluations(plan.items, plan.existing, actor=actor, note=_("Nhập xếp loại từ tệp Excel"))
    except IntegrityError:
        raise ValidationError(_("Dữ liệu vừa được người khác thay đổi; vui lòng nhập lại tệp.")) from None


# Initiatives ---------------------------------------------------------------------------------------------------


def initiative_save(*, actor, initiative: Initiative) -> Initiative:
    """Create or change a recognised initiative.

    Rules: a name; a known level; the year between 1945 and this year; one initiative of a name per person and
    year. Side effects: an audit entry (auditlog, attributed to `actor`).
    """
    initiative.name = " ".join((initiative.name or "").split())
    initiative.recognised_by = " ".join((initiative.recognised_by or "").split())
    errors = {}
    if not initiative.name:
        errors["name"] = _("Vui lòng nhập tên sáng kiến.")
    if initiative.level not in Initiative.Level.values:
        errors["level"] = _("Vui lòng chọn phạm vi ảnh hưởng của sáng kiến.")
    year_error = _year_error(initiative.year)
    if year_error:
        errors["year"] = year_error
    if errors:
        raise ValidationError(errors)
    duplicate = Initiative.objects.filter(
        person_id=initiative.person_id, year=initiative.year, name=initiative.name
    ).exclude(pk=initiative.pk)
    if duplicate.exists():
        raise ValidationError(
            {
                "name": _("%(person)s đã có sáng kiến «%(name)s» năm %(year)s.")
                % {"person": initiative.person.full_name, "name": initiative.name, "year": initiative.year}
            }
        )
    try:
        with transaction.atomic(), acting_as(actor):
            initiative.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("Sáng kiến «%(name)s» vừa được ghi nhận; vui lòng tải lại trang.") % {"name": initiative.name}}
        ) from None
    return initiative


def initiative_add(*, actor, person: Person, year: int, name: str, level: str, recognised_by: str = "") -> Initiative:
    """Record an initiative of `person` recognised in `year` at `level`. See initiative_save."""
    return initiative_save(
        actor=actor,
        initiative=Initiative(person=person, year=year, name=name, level=level, recognised_by=recognised_by),
    )


def initiative_remove(*, actor, initiative: Initiative) -> None:
    """Delete an initiative. Side effects: an audit entry (auditlog, attributed to `actor`)."""
    with transaction.atomic(), acting_as(actor):
        initiative.delete()


# Covenant scores ---------------------------------------------------------------------------------------------------


def _decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def unit_scores_set(
    *,
    actor,
    term: ClusterTerm,
    scorer: Unit,
    scores: Mapping[int, Mapping[int, Decimal | None]],
) -> WriteResult:
    """Save the score sheet of `scorer` in the term: its points for each member unit (itself included: the
    self-score) on each criterion of the covenant's score table. All rows or none.

    `scores` maps a scored unit's id to {criterion id: points or None}. Rules: the term has a covenant that every
    member has signed (locked), with criteria; the scorer and the scored units are members; a unit's row is
    complete (every criterion) or empty (not scored yet; a row already saved cannot be emptied); points are
    between 0 and the criterion's maximum, with at most 2 decimals. Errors name the unit and the criterion.
    Side effects: scores created or updated in bulk, one audit entry per score created or changed.
    """
    covenant = Covenant.objects.filter(term=term).first()
    if covenant is None:
        raise ValidationError(
            _("Cụm thi đua năm %(year)s chưa có giao ước thi đua để chấm điểm.") % {"year": term.year}
        )
    if covenant.status != Covenant.Status.LOCKED:
        raise ValidationError(_("Giao ước thi đua chưa được tất cả đơn vị thành viên ký; chưa thể chấm điểm."))
    criteria = list(CovenantCriterion.objects.filter(covenant=covenant).order_by("order"))
    if not criteria:
        raise ValidationError(_("Giao ước thi đua chưa có bảng tiêu chí chấm điểm."))
    members = {m.unit_id: m.unit for m in ClusterMembership.objects.filter(term=term).select_related("unit")}
    if scorer.pk not in members:
        raise ValidationError(_("%(unit)s không phải là thành viên của cụm thi đua năm này.") % {"unit": scorer})
    messages = []
    wanted: dict[tuple[int, int], Decimal] = {}
    with transaction.atomic():
        existing = {
            (s.scored_unit_id, s.criterion_id): s
            for s in UnitScore.objects.filter(criterion__covenant=covenant, scorer_unit=scorer)
        }
        scored_before = {scored for scored, _criterion in existing}
        for scored_id, points_by_criterion in scores.items():
            unit = members.get(scored_id)
            if unit is None:
                messages.append(_("Đơn vị mã %(id)s không phải là thành viên của cụm.") % {"id": scored_id})
                continue
            given = {c.pk: points_by_criterion.get(c.pk) for c in criteria}
            if all(v is None for v in given.values()):
                if scored_id in scored_before:
                    messages.append(
                        _("%(unit)s: đã chấm điểm rồi, không thể để trống; hãy nhập lại điểm.") % {"unit": unit}
                    )
                continue
            for criterion in criteria:
                value = given[criterion.pk]
                where = {"unit": unit, "criterion": criterion.name, "max": criterion.max_points}
                if value is None:
                    messages.append(_("%(unit)s, tiêu chí «%(criterion)s»: chưa nhập điểm.") % where)
                elif value < 0:
                    messages.append(_("%(unit)s, tiêu chí «%(criterion)s»: điểm không được âm.") % where)
                elif value > criterion.max_points:
                    messages.append(
                        _("%(unit)s, tiêu chí «%(criterion)s»: %(points)s điểm vượt quá điểm tối đa %(max)s.")
                        % {**where, "points": value}
                    )
                elif _decimal_places(value) > 2:
                    messages.append(
                        _("%(unit)s, tiêu chí «%(criterion)s»: điểm chỉ có tối đa 2 chữ số thập phân.") % where
                    )
                else:
                    wanted[(scored_id, criterion.pk)] = value
        if messages:
            raise ValidationError(messages)
        entered_by = _actor_or_none(actor)
        now = timezone.now()
        creates, updates, result = [], [], WriteResult()
        for (scored_id, criterion_id), value in wanted.items():
            current = existing.get((scored_id, criterion_id))
            if current is None:
                creates.append(
                    UnitScore(
                        criterion_id=criterion_id,
                        scored_unit_id=scored_id,
                        scorer_unit=scorer,
                        points=value,
                        entered_by=entered_by,
                    )
                )
            elif current.points != value:
                changes = {"points": [str(current.points), str(value)]}
                current.points, current.entered_by, current.entered_at = value, entered_by, now
                updates.append((current, changes))
            else:
                result.unchanged += 1
        try:
            with transaction.atomic():
                created = UnitScore.objects.bulk_create(creates)
                if created and created[0].pk is None:
                    created = list(
                        UnitScore.objects.filter(
                            criterion__covenant=covenant,
                            scorer_unit=scorer,
                            scored_unit_id__in={c.scored_unit_id for c in creates},
                        ).exclude(pk__in=[s.pk for s in existing.values()])
                    )
                UnitScore.objects.bulk_update(
                    [obj for obj, _changes in updates], ["points", "entered_by", "entered_at"]
                )
        except IntegrityError:
            raise ValidationError(_("Điểm vừa được người khác thay đổi; vui lòng tải lại trang và lưu lại.")) from None
        note = _("Phiếu chấm điểm của %(unit)s") % {"unit": scorer.name}
        log_bulk_created(created, actor=actor, note=note)
        log_bulk_updated(updates, actor=actor, note=note)
        result.created, result.updated = len(created), len(updates)
    return result


# A collective's own rating ------------------------------------------------------------------------------------------


def unit_evaluation_set(*, actor, unit: Unit, year: int, rating: str) -> UnitEvaluation:
    """Set a collective's own annual rating for `year` (what the collective titles' rules read).

    Rules: the year is between 1945 and this year; the rating is one of the four. Errors by field. Side effects:
    the rating created or changed, with the unit's name of today kept on it and `actor` as its author; audited
    (auditlog) under `actor`; nothing written when nothing changed.
    """
    errors = {}
    if rating not in Rating.values:
        errors["rating"] = _("Xếp loại «%(value)s» không hợp lệ.") % {"value": rating}
    year_error = _year_error(year)
    if year_error:
        errors["year"] = year_error
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), acting_as(actor):
            evaluation = UnitEvaluation.objects.select_for_update().filter(unit=unit, year=year).first()
            if evaluation is None:
                evaluation = UnitEvaluation(unit=unit, year=year)
            elif (evaluation.rating, evaluation.unit_name) == (rating, unit.name):
                return evaluation
            evaluation.unit_name, evaluation.rating = unit.name, rating
            evaluation.updated_by = _actor_or_none(actor)
            evaluation.save()
    except IntegrityError:
        raise ValidationError(
            {
                "unit": _("Xếp loại của %(unit)s năm %(year)s vừa được ghi; vui lòng tải lại trang.")
                % {
                    "unit": unit.name,
                    "year": year,
                }
            }
        ) from None
    return evaluation
