"""A small year for the summary report's tests, built through the apps' services: a cluster term of four units with
its people, registrations, movements, covenant scores, ratings, a counted vote, signed award decisions and next
year's leaders, beside a second cluster whose staff must not see it.

Cụm thi đua số I, 2016: A (leader, Cụm trưởng), B (deputy), C, D (a Cục THADS). Cụm thi đua số II: E.
- people: A 3 (its head "Vụ trưởng" first), B 2, C 2, D 1 active and 1 who left, E 2;
- registrations: A everyone (Lao động tiên tiến, one Chiến sĩ thi đua cơ sở, the collective Tập thể lao động xuất
  sắc), B one of two, both sent; C everyone on a sheet still being drafted (not counted); D none; E everyone, sent.
  Cluster I: 4 of 8 registered (50%);
- movements of 2016: the Ministry's for all units, the Ministry's for the members of Cluster I's term, the
  cluster's own, and the Ministry's for unit E only (not Cluster I's); one of 2017;
- covenant (60 + 40 points): A, B and C score every member, D scores none;
- ratings: A's three people (xuất sắc, tốt, tốt), one of B's (hoàn thành);
- the sector banner voted on 22/11/2016: 4 delegates, quota 2: A 4 votes, B 3, C 1, D 0; A and B win;
- decisions signed: the sector banner to A and B (01/QĐ-BTP), Chiến sĩ thi đua cơ sở to a person of A and one of E;
- 2017: C leader, D deputy, by the decision the conference drew up, signed.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from campaigns.models import Covenant, EmulationYear, Movement, PersonEvaluation
from campaigns.services import registrations as registration_services
from campaigns.services.evaluation import unit_scores_set
from campaigns.services.movements import movement_create
from tests import factories
from tests.awards.decisions_factories import approved, draft_award, signed, title
from tests.campaigns.fixtures_evaluation import covenant_for, rate
from thidua.org.models import ClusterTerm, Person, Role, Unit
from voting import services as voting
from voting.models import BallotSession, Conference

YEAR = 2016
CONFERENCE_DATE = datetime.date(2016, 11, 22)
Rating = PersonEvaluation.Rating


@dataclass
class ReportWorld:
    ministry: Unit
    a: Unit
    b: Unit
    c: Unit
    d: Unit
    e: Unit
    term: ClusterTerm
    other_term: ClusterTerm
    next_term: ClusterTerm
    people: dict[str, list[Person]]
    conference: Conference | None = None
    session: BallotSession | None = None
    users: dict[str, object] = field(default_factory=dict)

    @property
    def members(self) -> list[Unit]:
        return [self.a, self.b, self.c, self.d]


def base_world() -> ReportWorld:
    """The organization only: units, people, the three terms and the users."""
    ministry = factories.unit("Bộ Tư pháp", unit_kind=factories.kind("bo", "Bộ", "Bộ trưởng"))
    a = factories.unit("Vụ Các vấn đề chung về xây dựng pháp luật", parent=ministry)
    b = factories.unit("Văn phòng Bộ", parent=ministry, unit_kind=factories.kind("vp", "Văn phòng", "Chánh Văn phòng"))
    c = factories.unit("Vụ Pháp luật quốc tế", parent=ministry)
    d = factories.unit(
        "Cục THADS tỉnh Yên Bái", parent=ministry, unit_kind=factories.kind("cuc-thads", "Cục THADS", "Cục trưởng")
    )
    e = factories.unit("Sở Tư pháp tỉnh Hòa Bình", unit_kind=factories.kind("so-tp", "Sở Tư pháp", "Giám đốc"))
    people = {
        "a": [
            factories.person(a, "Nguyễn Hồng Tuyến", position="Vụ trưởng"),
            factories.person(a, "Trần Thị An"),
            factories.person(a, "Lê Văn Bình"),
        ],
        "b": [factories.person(b, "Phạm Thị Cúc"), factories.person(b, "Đỗ Văn Dũng")],
        "c": [factories.person(c, "Hoàng Thị Em"), factories.person(c, "Vũ Văn Giang")],
        "d": [factories.person(d, "Bùi Thị Hoa"), factories.person(d, "Ngô Văn Khoa", is_active=False)],
        "e": [factories.person(e, "Đặng Thị Lan"), factories.person(e, "Dương Văn Minh")],
    }
    term = factories.term("Cụm thi đua số I", YEAR, [a, b, c, d], leader=a, deputies=[b])
    other_term = factories.term("Cụm thi đua số II", YEAR, [e], leader=e)
    next_term = factories.term("Cụm thi đua số I", YEAR + 1, [a, b, c, d], leader=c, deputies=[d])
    world = ReportWorld(ministry, a, b, c, d, e, term, other_term, next_term, people)
    world.users = {
        "board": factories.user("board", role=Role.BOARD),
        "viewer": factories.user("viewer", role=Role.VIEWER),
        "leader_a": factories.user("leader_a", role=Role.CLUSTER_LEADER, unit_=a),
        "staff_a": factories.user("staff_a", role=Role.UNIT_STAFF, unit_=a),
        "staff_c": factories.user("staff_c", role=Role.UNIT_STAFF, unit_=c),
        "staff_e": factories.user("staff_e", role=Role.UNIT_STAFF, unit_=e),
    }
    return world


def _register(world: ReportWorld) -> None:
    s = registration_services
    registration_services.emulation_year_save(
        actor=None, emulation_year=EmulationYear(year=YEAR, registration_deadline=datetime.date(YEAR, 3, 25))
    )
    sent = datetime.date(YEAR, 3, 10)
    sheet = s.sheet_get_or_create(actor=None, unit=world.a, year=YEAR)
    s.registration_register_all(actor=None, sheet=sheet, title=title("ldtt"))
    s.registration_add(actor=None, sheet=sheet, title=title("cstdcs"), person=world.people["a"][1])
    s.sheet_set_collective_title(actor=None, sheet=sheet, title=title("ttldxs"))
    s.sheet_submit(actor=None, sheet=sheet, today=sent)
    sheet = s.sheet_get_or_create(actor=None, unit=world.b, year=YEAR)
    s.registration_add(actor=None, sheet=sheet, title=title("ldtt"), person=world.people["b"][0])
    s.sheet_submit(actor=None, sheet=sheet, today=sent)
    sheet = s.sheet_get_or_create(actor=None, unit=world.c, year=YEAR)
    s.registration_register_all(actor=None, sheet=sheet, title=title("ldtt"))
    sheet = s.sheet_get_or_create(actor=None, unit=world.e, year=YEAR)
    s.registration_register_all(actor=None, sheet=sheet, title=title("ldtt"))
    s.sheet_submit(actor=None, sheet=sheet, today=sent)


def _movements(world: ReportWorld) -> None:
    P = Movement.Participants
    common = {"actor": None, "goals": "Hoàn thành xuất sắc nhiệm vụ", "kind": Movement.Kind.REGULAR}
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    movement_create(**common, year=YEAR, name="Thi đua thực hiện nhiệm vụ năm 2016", start_date=start, end_date=end)
    movement_create(
        **{**common, "kind": Movement.Kind.THEMATIC},
        year=YEAR,
        name="Tăng cường ứng dụng công nghệ thông tin",
        start_date=datetime.date(YEAR, 3, 1),
        end_date=datetime.date(YEAR, 11, 15),
        launched_by_term=world.term,
    )
    movement_create(
        **{**common, "kind": Movement.Kind.PERIOD},
        year=YEAR,
        name="Thi đua cao điểm của các cụm",
        start_date=datetime.date(YEAR, 6, 1),
        end_date=datetime.date(YEAR, 9, 30),
        participants=P.CLUSTERS,
        participant_terms=[world.term],
    )
    movement_create(
        **common,
        year=YEAR,
        name="Thi đua của các Sở Tư pháp",
        start_date=start,
        end_date=end,
        participants=P.UNITS,
        participant_units=[world.e],
    )
    movement_create(
        **common,
        year=YEAR + 1,
        name="Thi đua thực hiện nhiệm vụ năm 2017",
        start_date=datetime.date(YEAR + 1, 1, 1),
        end_date=datetime.date(YEAR + 1, 12, 31),
    )


# The points each scorer gives (out of 60 and 40): A 95, B 90, C 80, D 70 from everyone who scores.
POINTS = {"a": ("57", "38"), "b": ("54", "36"), "c": ("48", "32"), "d": ("42", "28")}


def _scores(world: ReportWorld) -> Covenant:
    covenant = covenant_for(world.term)
    criteria = list(covenant.criteria.order_by("order"))
    units = {"a": world.a, "b": world.b, "c": world.c, "d": world.d}
    for scorer in (world.a, world.b, world.c):
        scores = {
            unit.pk: {c.pk: Decimal(p) for c, p in zip(criteria, POINTS[key], strict=True)}
            for key, unit in units.items()
        }
        unit_scores_set(actor=None, term=world.term, scorer=scorer, scores=scores)
    return covenant


def _ratings(world: ReportWorld) -> None:
    for person, rating in zip(world.people["a"], (Rating.EXCELLENT, Rating.GOOD, Rating.GOOD), strict=True):
        rate(person, YEAR, rating)
    rate(world.people["b"][0], YEAR, Rating.COMPLETED)


def _vote(world: ReportWorld) -> None:
    board = world.users["board"]
    conference = voting.conference_create(
        actor=board, term=world.term, date=CONFERENCE_DATE, place="Hà Nội", chair_name="Trần Tiến Dũng"
    )
    voting.delegates_check_in_all(actor=board, conference=conference)
    session = voting.session_create(
        actor=board,
        conference=conference,
        title=title("co-bo"),
        pools=[voting.PoolInput(name="Các đơn vị thuộc Cụm", quota=2, units=world.members)],
    )
    codes = voting.session_open(actor=board, session=session)
    candidates = {c.unit_id: c.pk for c in session.candidates.all()}
    a, b, c = candidates[world.a.pk], candidates[world.b.pk], candidates[world.c.pk]
    ballots = [{a: True, b: True}, {a: True, b: True}, {a: True, b: True}, {a: True, c: True}]
    for delegate, marks in zip(conference.delegates.order_by("pk"), ballots, strict=True):
        voting.ballot_cast(session=session, code=codes[delegate.pk], marks=marks)
    voting.session_close(actor=board, session=session)
    voting.session_count(actor=board, session=session)
    world.conference, world.session = conference, BallotSession.objects.get(pk=session.pk)


def _decisions(world: ReportWorld) -> None:
    banners = [approved(title_=title("co-bo"), unit=unit) for unit in (world.a, world.b)]
    signed(draft_award(banners))
    people = [approved(title_=title("cstdcs"), person=p) for p in (world.people["a"][1], world.people["e"][0])]
    signed(draft_award(people))
    appointment = voting.conference_appoint_leaders(
        actor=world.users["board"],
        conference=world.conference,
        leader=world.c,
        deputies=[world.d],
        date=datetime.date(YEAR + 1, 1, 10),
        signer_name="Trần Tiến Dũng",
    )
    signed(appointment)


def report_world() -> ReportWorld:
    """The whole year (see the module's docstring)."""
    world = base_world()
    _register(world)
    _movements(world)
    _scores(world)
    _ratings(world)
    _vote(world)
    _decisions(world)
    return world
