"""Helpers for the tests of the management pages: a conference of the small world's cluster term built through the
services, its sessions at each step, stand-ins for the printed documents, and what the pages show."""

import datetime

import pytest

from tests.awards.decisions_factories import count_queries, page_text
from thidua.titles.models import Title
from voting import services
from voting.models import BallotSession, Conference
from voting.services import PoolInput

__all__ = ["count_queries", "page_text"]

DATE = datetime.date(2016, 12, 20)


def login(client, world, username: str):
    user = world.users[username]
    client.force_login(user)
    return user


def title(code: str) -> Title:
    return Title.objects.get(code=code)


def conference(world, **fields) -> Conference:
    """The year-end conference of Cụm thi đua số I 2016 (Vụ A leads, Vụ B is deputy): one delegate per member."""
    values = {"date": DATE, "place": "Hà Nội", "chair_name": "Trần Tiến Dũng", **fields}
    return services.conference_create(actor=world.users["board"], term=world.term, **values)


def check_in_all(conference_: Conference) -> None:
    services.delegates_check_in_all(actor=None, conference=conference_)


def draft(conference_: Conference, *, code: str = "co-bo", units=None, quota: int = 1, **settings) -> BallotSession:
    units = list(units if units is not None else conference_.term.units.order_by("name"))
    return services.session_create(
        actor=None,
        conference=conference_,
        title=title(code),
        pools=[PoolInput(name="Các đơn vị thành viên", quota=quota, units=units)],
        **settings,
    )


def opened(conference_: Conference, **kwargs) -> tuple[BallotSession, dict[int, str]]:
    check_in_all(conference_)
    session = draft(conference_, **kwargs)
    codes = services.session_open(actor=None, session=session)
    session.refresh_from_db()
    return session, codes


def candidate_ids(session: BallotSession) -> list[int]:
    return list(session.candidates.order_by("pool__order", "order").values_list("pk", flat=True))


def counted(conference_: Conference, *, votes: list[list[int]] | None = None, **kwargs) -> BallotSession:
    """An opened session where each present delegate votes for the candidates at the given positions (default:
    all for the first), closed and counted."""
    session, codes = opened(conference_, **kwargs)
    ids = candidate_ids(session)
    for position, code in enumerate(codes.values()):
        chosen = votes[position] if votes is not None else [0]
        services.ballot_cast(session=session, code=code, marks={ids[i]: True for i in chosen})
    services.session_close(actor=None, session=session)
    services.session_count(actor=None, session=session)
    session.refresh_from_db()
    return session


@pytest.fixture
def stub_documents(monkeypatch):
    """The printed documents are another area's (voting/documents.py, tested there): here a one-page stand-in
    with the same entry points, so that the pages' states and downloads are what is tested."""
    from voting import documents

    def minutes_data(*, rounds, number):
        return {"title": "Biên bản kiểm phiếu", "text": f"{number} {rounds[0].title.name}"}

    def papers_data(*, session, copies):
        return {"title": "Phiếu bầu", "text": session.title.name, "copies": copies}

    monkeypatch.setattr(documents, "MINUTES_TEMPLATE", "documents/minimal.html")
    monkeypatch.setattr(documents, "PAPERS_TEMPLATE", "documents/minimal.html")
    monkeypatch.setattr(documents, "minutes_data", minutes_data, raising=False)
    monkeypatch.setattr(documents, "papers_data", papers_data, raising=False)
    monkeypatch.setattr(documents, "minutes_title", lambda session: f"Biên bản kiểm phiếu {session.pk}", raising=False)
    monkeypatch.setattr(documents, "papers_title", lambda session: f"Phiếu bầu {session.pk}", raising=False)
