"""Reads of the award history: who may see which awards, the searchable list, a person's and a unit's awards,
the links to the decisions, and the rows of the xlsx export. Each list a fixed number of queries."""

from collections.abc import Iterable, Iterator

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from thidua.core.search import vi
from thidua.org.models import Person, Unit
from thidua.org.permissions import can_write_unit, scope_for, visible_units, writable_units
from thidua.titles.models import Title

from ..models import Award

ORDERING = ("-year", vi("recipient_name"), vi("title__name"), "pk")


def visible_awards(user) -> QuerySet[Award]:
    """The awards `user` may see: all for the board and ministry-wide viewers; otherwise those of the units they
    may see (the collectives and the people working there)."""
    awards = Award.objects.all()
    if scope_for(user).read_all:
        return awards
    units = visible_units(user).values("pk")
    return awards.filter(Q(unit_id__in=units) | Q(person__unit_id__in=units))


def get_award_for_user(user, pk, *, write: bool = False) -> Award:
    """An award: 404 unless the user may see it; 403 with `write` unless they may change its unit."""
    award = visible_awards(user).select_related("title", "person__unit", "unit").filter(pk=pk).first()
    if award is None:
        raise Http404(_("Không tìm thấy khen thưởng."))
    if write and not can_write_unit(user, award_unit_of(award)):
        raise PermissionDenied(_("Bạn chỉ được xem, không được thay đổi sổ theo dõi khen thưởng của đơn vị này."))
    return award


def award_unit_of(award: Award) -> Unit:
    """The unit an award belongs to, for permissions: the collective, or the person's unit."""
    return award.unit if award.unit_id else award.person.unit


def can_import(user) -> bool:
    """The board, and unit staff (for their units): who may record awards."""
    return scope_for(user).is_board or writable_units(user).exists()


SUBJECTS = (Title.Subject.INDIVIDUAL, Title.Subject.COLLECTIVE)


def award_list(
    user,
    *,
    q: str = "",
    year: int | None = None,
    title_id: int | None = None,
    subject: str = "",
    unit: Unit | None = None,
    unit_q: str = "",
) -> QuerySet[Award]:
    """The awards `user` may see, newest year first and by name in Vietnamese order, searched without diacritics
    over the recipient's and the unit's names (as they were when awarded), and filtered. `unit` keeps the awards
    of the unit, its sub-units and the people working there."""
    awards = visible_awards(user).select_related("title")
    if q:
        awards = awards.filter(Q(recipient_name__ucontains=q) | Q(unit_name__ucontains=q))
    if year:
        awards = awards.filter(year=year)
    if title_id:
        awards = awards.filter(title_id=title_id)
    if subject == Title.Subject.INDIVIDUAL:
        awards = awards.filter(person__isnull=False)
    elif subject == Title.Subject.COLLECTIVE:
        awards = awards.filter(unit__isnull=False)
    if unit is not None:
        awards = awards.filter(Q(unit__path__startswith=unit.path) | Q(person__unit__path__startswith=unit.path))
    elif unit_q:
        awards = awards.filter(Q(unit_name__ucontains=unit_q) | Q(unit__isnull=False, recipient_name__ucontains=unit_q))
    return awards.order_by(*ORDERING)


def award_years(user) -> list[int]:
    """The years of the awards `user` may see, newest first (for the filter)."""
    return list(visible_awards(user).order_by("-year").values_list("year", flat=True).distinct())


def title_choices() -> list[Title]:
    return list(Title.objects.order_by("subject", "category", "chain", "order_in_chain", vi("name")))


def person_awards(person: Person) -> QuerySet[Award]:
    return Award.objects.filter(person=person).select_related("title").order_by("-year", vi("title__name"), "pk")


def unit_own_awards(unit: Unit) -> QuerySet[Award]:
    """The collective titles of the unit itself."""
    return Award.objects.filter(unit=unit).select_related("title").order_by("-year", vi("title__name"), "pk")


def unit_people_awards(unit: Unit) -> QuerySet[Award]:
    """The awards of the people working in the unit, by year then name."""
    return Award.objects.filter(person__unit=unit).select_related("title").order_by(*ORDERING)


def decision_url_maker():
    """function(decision id) → the decision's page, or None while the decisions' pages do not exist."""
    try:
        reverse("decision_detail", args=[1])
    except NoReverseMatch:
        return None
    return lambda pk: reverse("decision_detail", args=[pk])


def attach_links(user, awards: Iterable[Award], *, writable_unit: Unit | None = None) -> list[Award]:
    """Set `decision_url` (the decision's page, or "") and `can_delete` on each award, without queries.

    Awards given by a decision of the system are never deletable. Others: by the board, and by those who may
    change `writable_unit` (the person's or the unit's page the awards are listed on); on the list of everything,
    only by the board.
    """
    awards = list(awards)
    make = decision_url_maker()
    scope = scope_for(user)
    unit_writable = writable_unit is not None and can_write_unit(user, writable_unit)
    for award in awards:
        award.decision_url = make(award.decision_id) if make and award.decision_id else ""
        editable = award.source != Award.Source.DECISION and award.decision_id is None
        award.can_delete = editable and (scope.is_board or unit_writable)
    return awards


def export_rows(awards: QuerySet[Award]) -> Iterator[list]:
    """The rows of the xlsx export (history_import.history_workbook), streamed in chunks."""
    sources = dict(Award.Source.choices)
    values = awards.values_list(
        "year",
        "title__name",
        "person_id",
        "recipient_name",
        "unit_name",
        "decision_number",
        "decision_date",
        "decision_issuer",
        "notes",
        "source",
    )
    for year, title, person_id, name, unit_name, number, date, issuer, notes, source in values.iterator(
        chunk_size=2000
    ):
        individual = person_id is not None
        # Empty cells rather than empty texts: what Excel shows for a cell nobody filled.
        yield [
            year,
            title,
            name if individual else None,
            None if individual else name,
            unit_name or None,
            number or None,
            date,
            issuer or None,
            notes or None,
            str(sources.get(source, source)),
        ]
