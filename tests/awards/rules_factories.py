"""Factories for the rules and eligibility tests: the facts the engine reads.

Awards, ratings, initiatives and unit ratings are written through their services. Nominations are written as rows
in the status a test needs (BOARD from a ballot, APPROVED, RETURNED ...): the engine only reads them, and walking
each one through the nominations workflow belongs to that area's tests.
"""

from awards.models import Award, Nomination
from awards.services import history as history_services
from campaigns.models import Initiative, PersonEvaluation
from campaigns.services import evaluation as evaluation_services
from tests import factories
from thidua.org.models import Person, Unit
from thidua.titles.models import Title

Rating = PersonEvaluation.Rating
Discipline = PersonEvaluation.Discipline


def title(code: str) -> Title:
    return Title.objects.get(code=code)


def award(code: str, year: int, *, person: Person | None = None, unit: Unit | None = None) -> Award:
    return history_services.award_create(actor=None, title=title(code), year=year, person=person, unit=unit)


def awards(code: str, years, **subject) -> list[Award]:
    return [award(code, year, **subject) for year in years]


def nomination(
    code: str,
    year: int,
    *,
    person: Person | None = None,
    unit: Unit | None = None,
    status: str = Nomination.Status.BOARD,
    source: str = Nomination.Source.UNIT,
    reference: str = "",
) -> Nomination:
    subject = person or unit
    if source == Nomination.Source.BALLOT and not reference:
        reference = f"Kết quả bỏ phiếu suy tôn tại hội nghị tổng kết năm {year}"
    return Nomination.objects.create(
        year=year,
        title=title(code),
        person=person,
        unit=unit,
        proposing_unit=unit if unit is not None else person.unit,
        candidate_name=subject.full_name if person is not None else unit.name,
        status=status,
        source=source,
        source_reference=reference,
        return_reason="Thiếu biên bản họp xét" if status == Nomination.Status.RETURNED else "",
    )


def ballot(code: str, year: int, unit: Unit, *, status: str = Nomination.Status.BOARD) -> Nomination:
    return nomination(code, year, unit=unit, status=status, source=Nomination.Source.BALLOT)


def rated(person: Person, year: int, rating: str = Rating.GOOD, discipline: int = Discipline.NONE):
    return evaluation_services.evaluation_set(
        actor=None, person=person, year=year, rating=rating, discipline=discipline
    )


def initiative(person: Person, year: int, level: str = Initiative.Level.UNIT, name: str = "") -> Initiative:
    return evaluation_services.initiative_add(
        actor=None, person=person, year=year, name=name or f"Sáng kiến {level} {year}", level=level
    )


def unit_rated(unit: Unit, year: int, rating: str = Rating.GOOD):
    return evaluation_services.unit_evaluation_set(actor=None, unit=unit, year=year, rating=rating)


def members(unit: Unit, year: int, ratings) -> list[Person]:
    """People of `unit`, one per (rating, discipline) of `ratings`, rated by it in `year`."""
    people = []
    for rating, discipline in ratings:
        person = factories.person(unit)
        rated(person, year, rating, discipline)
        people.append(person)
    return people


def team(name: str, year: int, *, advanced: int, completed: int = 0, weak: int = 0, warned: int = 0) -> Unit:
    """A collective whose members that year are: `advanced` rated good (Lao động tiên tiến-worthy), `completed`
    rated "hoàn thành nhiệm vụ", `weak` not completing, `warned` rated good but disciplined with a cảnh cáo."""
    unit = factories.unit(name)
    members(
        unit,
        year,
        [(Rating.GOOD, Discipline.NONE)] * advanced
        + [(Rating.COMPLETED, Discipline.NONE)] * completed
        + [(Rating.NOT_COMPLETED, Discipline.NONE)] * weak
        + [(Rating.GOOD, Discipline.WARNING)] * warned,
    )
    return unit
