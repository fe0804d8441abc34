"""A conference of a cluster term with voting delegates, built through the services."""

import datetime
from dataclasses import dataclass

import pytest

from tests import factories
from thidua.titles.models import Title
from voting import services
from voting.models import Conference, Delegate


@dataclass
class Room:
    conference: Conference
    units: list
    delegates: list[Delegate]
    board: object

    def sector(self) -> Title:
        return Title.objects.get(code="co-bo")

    def government(self) -> Title:
        return Title.objects.get(code="co-cp")

    def check_in(self, count: int | None = None) -> None:
        for delegate in self.delegates[: len(self.delegates) if count is None else count]:
            services.delegate_check_in(actor=self.board, delegate=delegate)


def make_room(size: int = 6, name: str = "Cụm thi đua thử") -> Room:
    units = [factories.unit(f"Vụ thử số {i}") for i in range(1, size + 1)]
    term = factories.term(name, 2016, units, leader=units[0])
    board = factories.user(role="board")
    conference = services.conference_create(
        actor=board, term=term, date=datetime.date(2016, 12, 20), place="Hà Nội", chair_name="Trần Tiến Dũng"
    )
    delegates = list(conference.delegates.order_by("pk"))
    return Room(conference, units, delegates, board)


@pytest.fixture
def room(db):
    return make_room()
