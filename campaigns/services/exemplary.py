"""Writes for exemplary models (điển hình tiên tiến): marking a collective or a person of a year, changing the
description, removing the mark. Audited; `actor=None` is the system (demo data, commands)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as
from thidua.org.models import Person, Unit
from thidua.org.permissions import can_write_unit

from ..models import ExemplaryModel

MAX_DESCRIPTION = 2000


def _check(actor, unit: Unit) -> None:
    if actor is not None and not can_write_unit(actor, unit):
        raise PermissionDenied(
            _("Bạn chỉ được ghi nhận điển hình tiên tiến của đơn vị mình phụ trách (%(unit)s).") % {"unit": unit}
        )


def _clean_description(description: str) -> str:
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Vui lòng nêu thành tích tiêu biểu.")})
    if len(description) > MAX_DESCRIPTION:
        raise ValidationError(
            {"description": _("Thành tích tiêu biểu dài tối đa %(max)s ký tự.") % {"max": MAX_DESCRIPTION}}
        )
    return description


def exemplary_create(*, actor, year: int, unit: Unit, description: str, person: Person | None = None) -> ExemplaryModel:
    """Mark a collective (`unit`, no person) or a person of `unit` as an exemplary model of `year`.

    Who: the unit's staff (for their units and sub-units) or the board. Rules: the person works in the unit; a
    description of at most 2,000 characters; one mark per collective and per person a year. Side effects: the
    row, with the unit's and person's names kept as they are that year; audited.
    """
    _check(actor, unit)
    description = _clean_description(description)
    if not year or not 1945 <= year <= 2100:
        raise ValidationError({"year": _("Năm không hợp lệ.")})
    if person is not None and person.unit_id != unit.pk:
        raise ValidationError({"person": _("%(person)s không thuộc %(unit)s.") % {"person": person, "unit": unit}})
    duplicate = ExemplaryModel.objects.filter(year=year)
    duplicate = duplicate.filter(person=person) if person else duplicate.filter(unit=unit, person__isnull=True)
    who = person.full_name if person else unit.name
    message = _("%(who)s đã được ghi nhận là điển hình tiên tiến năm %(year)s.") % {"who": who, "year": year}
    if duplicate.exists():
        raise ValidationError({"person" if person else "unit": message})
    try:
        with transaction.atomic(), acting_as(actor):
            return ExemplaryModel.objects.create(
                year=year,
                unit=unit,
                unit_name=unit.name,
                person=person,
                person_name=person.full_name if person else "",
                description=description,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as exc:  # a concurrent mark of the same collective or person
        raise ValidationError(message) from exc


def exemplary_update(*, actor, exemplary: ExemplaryModel, description: str) -> ExemplaryModel:
    """Change the description of an exemplary model. Who: as for exemplary_create. Side effects: audited."""
    _check(actor, exemplary.unit)
    exemplary.description = _clean_description(description)
    with transaction.atomic(), acting_as(actor):
        exemplary.save(update_fields=["description"])
    return exemplary


def exemplary_delete(*, actor, exemplary: ExemplaryModel) -> None:
    """Remove an exemplary mark. Who: as for exemplary_create. Side effects: the row deleted; audited."""
    _check(actor, exemplary.unit)
    with transaction.atomic(), acting_as(actor):
        exemplary.delete()
