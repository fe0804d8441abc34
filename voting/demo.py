"""The votes of the demo world: the seed's two year-end conferences of 22/11/2016 replayed through the voting
services, then the council's meeting, the decisions and a 2017 conference left for the portal to try.

Found and run by `seed_demo` after thidua/org, campaigns and awards (awards/demo.py leaves the 2016 banners and the
2017 appointments to this module, and gives it the texts and the signer of their decisions). Every step acts as
the board's demo account (bantdkt), like awards/demo.py:

1. Cluster I's conference (Hà Nội) and the region's (tỉnh Hòa Bình), each with one voting delegate per member unit,
   a counting committee and the roll call; in the region 2 delegates are absent.
2. The sector banner (co-bo): Cluster I one pool of its 11 units, quota 4; the region one pool per kind of unit
   (3 Sở Tư pháp, 4 Cục THADS, 8 Chi cục THADS). Electronic ballots cast with the codes the session issued; one
   ballot of Cluster I marks 5 units and is counted invalid (over the quota); in the region a few delegates vote on
   paper and the committee enters each paper after the close. Closed, counted, published: the winners become
   nominations (awards' nomination_create_from_ballot); the vote-count minutes (BB) are drawn up and signed.
3. The Government banner (co-cp), chained from the sector banner's winners: quota 1 in Cluster I, 2 in the region
   (3 of the 19 collectives voted the sector banner: within the 20% of awards' quota); the same steps.
4. The council (Hội đồng Thi đua - Khen thưởng) on 29/12/2016: the board puts the 19 + 3 nominations before it,
   its members vote on each title, the result records its approval; then the award decisions 01/QĐ-BTP (sector
   banner) and 01/QĐ-TTg (Government banner) are issued and signed (awards.demo.award_decision_complete).
5. Next year's leaders chosen at each conference (conference_appoint_leaders): the decisions 02/QĐ-BTP (Cluster I)
   and 03/QĐ-BTP (the region), issued and signed.
6. Cluster I's 2017 conference on 20/11/2017, in preparation: its delegates not yet checked in and a draft
   sector banner session, to run from the portal.

From the seed: the date of the conferences (22/11/2016), their places and chairs (Deputy Ministers Trần Tiến Dũng
and Lê Tiến Châu), the winners of both banners in both votes, the 2017 leaders and deputies. Illustrative, not
from the seed: every vote of every delegate (chosen so that exactly the seed's winners pass), the delegates'
names (the demo's generated heads of the units), the agenda's wording, the counting committees, the absent
delegates, the paper ballots and the invalid one, the council's meeting, its members and their votes, and every
date other than 22/11/2016. The conferences' notes say so where a user reads them.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from awards import demo as awards_demo
from awards.models import Decision, Nomination
from thidua.core.vietnamese import sort_key
from thidua.documents.models import RenderedDocument
from thidua.documents.services import document_render
from thidua.org.demo import CLUSTER_I, MINISTRY, REGION, chi_cuc_thads, cuc_thads, so_tu_phap
from thidua.org.models import ClusterMembership, ClusterTerm, Person, Unit
from thidua.titles.models import Title

from . import services
from .models import BallotSession, Candidate, CommitteeRole, Conference, Delegate
from .report_demo import build_report_demo

YEAR = 2016
CONFERENCE_DATE = datetime.date(2016, 11, 22)
COUNCIL_DATE = datetime.date(2016, 12, 29)
NEXT_CONFERENCE_DATE = datetime.date(2017, 11, 20)
ILLUSTRATIVE = "Dữ liệu minh họa, không lấy từ bài báo nguồn"


@dataclass(frozen=True)
class PoolPlan:
    """A pool of the sector banner vote: its name and quota, the kinds of units on it (None: every member), and the
    units that win it in the seed."""

    name: str
    quota: int
    kind_codes: tuple[str, ...] | None
    winners: tuple[str, ...]


@dataclass(frozen=True)
class ConferencePlan:
    cluster: str
    place: str
    chair: str
    agenda: tuple[str, ...]
    notes: str
    # The counting committee: the delegates of these units, the head first.
    committee: tuple[str, str, str]
    sector_pools: tuple[PoolPlan, ...]
    government_quota: int
    government_winners: tuple[str, ...]
    leader: str
    deputies: tuple[str, ...]
    # The delegates of these units do not come (the quorum of 2/3 is still met).
    absent: tuple[str, ...] = ()
    # The delegates of these units vote on paper in both sessions.
    paper: tuple[str, ...] = ()
    # The delegate of this unit marks one unit more than the quota on the sector banner ballot: counted invalid.
    over_quota: str | None = None


def _agenda(cluster_word: str, leaders: str, year: int = YEAR) -> tuple[str, ...]:
    return (
        f"Báo cáo tổng kết công tác thi đua, khen thưởng năm {year} của {cluster_word}",
        "Công bố kết quả chấm điểm, đánh giá chéo giữa các đơn vị",
        f"Bỏ phiếu bình xét, suy tôn Cờ thi đua ngành Tư pháp và Cờ thi đua của Chính phủ năm {year}",
        f"Công bố {leaders} năm {year + 1}",
        f"Ký kết giao ước thi đua năm {year + 1}",
    )


NOTES_2016 = (
    f"Theo bài báo nguồn: ngày họp 22/11/2016, địa điểm, người chủ trì và kết quả bỏ phiếu. {ILLUSTRATIVE}: tên "
    "đại biểu, Ban kiểm phiếu, đại biểu vắng mặt, phiếu giấy và số phiếu của từng đại biểu (chọn sao cho kết quả "
    "đúng như bài báo)."
)

CLUSTER_I_PLAN = ConferencePlan(
    cluster=CLUSTER_I,
    place="Hà Nội",
    chair="Trần Tiến Dũng",
    agenda=_agenda("Cụm", "Cụm trưởng, Cụm phó"),
    notes=NOTES_2016,
    committee=("Thanh tra Bộ", "Vụ Hợp tác quốc tế", "Vụ Kế hoạch - Tài chính"),
    sector_pools=(PoolPlan("Các đơn vị thuộc Cụm", 4, None, tuple(awards_demo.SECTOR_BANNER_CLUSTER_I)),),
    government_quota=1,
    government_winners=tuple(awards_demo.GOVERNMENT_BANNER_CLUSTER_I),
    leader="Vụ Các vấn đề chung về xây dựng pháp luật",
    deputies=("Văn phòng Bộ",),
    over_quota="Vụ Phổ biến, giáo dục pháp luật",
)

REGION_PLAN = ConferencePlan(
    cluster=REGION,
    place="tỉnh Hòa Bình",
    chair="Lê Tiến Châu",
    agenda=_agenda("Khu vực", "Trưởng khu vực, Phó trưởng khu vực"),
    notes=NOTES_2016,
    committee=(so_tu_phap("Phú Thọ"), cuc_thads("Lạng Sơn"), cuc_thads("Sơn La")),
    sector_pools=(
        PoolPlan("Sở Tư pháp", 3, ("so-tu-phap",), tuple(awards_demo.SECTOR_BANNER_REGION_SO)),
        PoolPlan("Cục Thi hành án dân sự", 4, ("cuc-thads",), tuple(awards_demo.SECTOR_BANNER_REGION_CUC)),
        PoolPlan("Chi cục Thi hành án dân sự", 8, ("chi-cuc-thads",), tuple(awards_demo.SECTOR_BANNER_REGION_CHI_CUC)),
    ),
    government_quota=2,
    government_winners=tuple(awards_demo.GOVERNMENT_BANNER_REGION),
    leader=cuc_thads("Yên Bái"),
    deputies=(so_tu_phap("Thái Nguyên"), cuc_thads("Tuyên Quang")),
    absent=(chi_cuc_thads("huyện Bảo Lạc"), chi_cuc_thads("huyện Phong Thổ")),
    paper=(
        chi_cuc_thads("huyện Bát Xát"),
        chi_cuc_thads("huyện Tuần Giáo"),
        chi_cuc_thads("huyện Tam Đường"),
        chi_cuc_thads("huyện Mộc Châu"),
        chi_cuc_thads("huyện Mai Châu"),
    ),
)

PLANS = (CLUSTER_I_PLAN, REGION_PLAN)
GOVERNMENT_POOL = "Các tập thể được suy tôn Cờ thi đua ngành Tư pháp"

# The council's meeting: (unit, position at the meeting). Its members are the Deputy Ministers the seed names and
# the demo's heads of the units below; their places on the council are illustrative.
COUNCIL_MEMBERS = (
    (MINISTRY, "Trần Tiến Dũng", "Thứ trưởng, Phó Chủ tịch Hội đồng"),
    (MINISTRY, "Lê Tiến Châu", "Thứ trưởng, Phó Chủ tịch Hội đồng"),
    ("Vụ Thi đua - Khen thưởng", None, "Vụ trưởng, Phó Chủ tịch Thường trực Hội đồng"),
    ("Vụ Tổ chức cán bộ", None, "Vụ trưởng, Ủy viên Hội đồng"),
    ("Văn phòng Bộ", None, "Chánh Văn phòng, Ủy viên Hội đồng"),
    ("Vụ Kế hoạch - Tài chính", None, "Vụ trưởng, Ủy viên Hội đồng"),
    ("Thanh tra Bộ", None, "Chánh Thanh tra, Ủy viên Hội đồng"),
    ("Tổng cục Thi hành án dân sự", None, "Tổng cục trưởng, Ủy viên Hội đồng"),
    ("Vụ Phổ biến, giáo dục pháp luật", None, "Vụ trưởng, Ủy viên Hội đồng"),
)
COUNCIL_AGENDA = (
    "Xét đề nghị tặng Cờ thi đua ngành Tư pháp năm 2016",
    "Xét đề nghị Thủ tướng Chính phủ tặng Cờ thi đua của Chính phủ năm 2016",
)
COUNCIL_NOTES = (
    f"{ILLUSTRATIVE}: ngày họp, thành viên Hội đồng và phiếu của từng thành viên. Các hồ sơ là kết quả bỏ phiếu tại "
    "hai hội nghị tổng kết ngày 22/11/2016."
)
NEXT_NOTES = (
    f"{ILLUSTRATIVE}: hội nghị năm 2017 đang chuẩn bị, để thử trên cổng thông tin (điểm danh, mở phiên, bỏ phiếu "
    "bằng mã trên điện thoại, kết thúc, kiểm phiếu)."
)


def agreed(pools: Sequence[tuple[list[int], list[int]]], voter: int, *, over_quota: bool = False) -> set[int]:
    """The candidates one voter agrees with, by their position among the voters; pools as (winners, others), the
    winners as many as the quota.

    Three voters in four agree with exactly the winners; the fourth leaves one winner out and picks another unit
    instead, the winner and the unit turning from one such voter to the next. So every winner has about 3/4 of
    the votes or more and every other unit a few: exactly the winners pass. An over-quota voter marks one unit
    more than the quota in the first pool."""
    chosen: set[int] = set()
    for index, (winners, others) in enumerate(pools):
        picks = list(winners)
        if voter % 4 == 1:
            turn = voter // 4 + index
            picks.remove(winners[turn % len(winners)])
            if others:
                picks.append(others[turn % len(others)])
        if over_quota and index == 0 and others:
            picks = [*winners, others[0]]
        chosen.update(picks)
    return chosen


class DemoBuilder:
    """Builds the votes; each step looks for what it makes first and does only what is missing."""

    def __init__(self, *, log: Callable[[str], None] | None = None):
        self.log = log or (lambda _message: None)
        self.created: dict[str, int] = {}
        self.actor = awards_demo.board_account()
        self.titles = {t.code: t for t in Title.objects.filter(code__in=("co-bo", "co-cp"))}

    def count(self, what: str, n: int = 1) -> None:
        if n:
            self.created[what] = self.created.get(what, 0) + n

    # --- conferences -----------------------------------------------------------------------------------------

    def _heads(self, units: Sequence[Unit]) -> dict[int, Person]:
        """The head of each unit (the person holding its head title), the first by id when there are two."""
        titles = {u.pk: u.display_head_title for u in units}
        heads: dict[int, Person] = {}
        for person in Person.objects.filter(unit__in=list(titles), is_active=True).order_by("pk"):
            if person.position == titles[person.unit_id] and person.unit_id not in heads:
                heads[person.unit_id] = person
        return heads

    def _add_delegates(self, conference: Conference, committee: Sequence[str] = ()) -> None:
        memberships = ClusterMembership.objects.filter(term_id=conference.term_id).select_related("unit__kind")
        # In Vietnamese order on every database, so that the delegates' ids (the voters' order) are the same.
        units = sorted((m.unit for m in memberships), key=lambda u: sort_key(u.name))
        heads = self._heads(units)
        roles = dict(zip(committee, (CommitteeRole.HEAD, CommitteeRole.MEMBER, CommitteeRole.MEMBER), strict=False))
        for unit in units:
            head = heads.get(unit.pk)
            services.delegate_add(
                actor=self.actor,
                conference=conference,
                unit=unit,
                full_name=head.full_name if head else "",
                position=unit.display_head_title,
                committee_role=roles.get(unit.name, ""),
            )
        self.count(_("đại biểu"), len(units))

    def _conference(self, plan: ConferencePlan) -> Conference:
        term = ClusterTerm.objects.get(cluster__name=plan.cluster, year=YEAR)
        conference = Conference.objects.filter(kind=Conference.Kind.CLUSTER, term=term).order_by("pk").first()
        if conference is not None:
            return conference
        with transaction.atomic():
            conference = services.conference_create(
                actor=self.actor,
                term=term,
                date=CONFERENCE_DATE,
                place=plan.place,
                chair_name=plan.chair,
                agenda="\n".join(plan.agenda),
                notes=plan.notes,
                with_delegates=False,
            )
            self.count(_("hội nghị tổng kết"))
            self._add_delegates(conference, plan.committee)
            for delegate in conference.delegates.select_related("unit").order_by("pk"):
                if delegate.unit.name not in plan.absent:
                    services.delegate_check_in(actor=self.actor, delegate=delegate)
        return conference

    # --- votes -----------------------------------------------------------------------------------------------

    def _pool_units(self, conference: Conference, plan: PoolPlan) -> list[Unit]:
        units = Unit.objects.filter(cluster_memberships__term_id=conference.term_id).select_related("kind")
        if plan.kind_codes is not None:
            units = units.filter(kind__code__in=plan.kind_codes)
        return list(units.order_by("name"))

    def _vote(
        self,
        session: BallotSession,
        winners: Sequence[Sequence[str]],
        *,
        paper: Sequence[str] = (),
        over_quota: str | None = None,
    ) -> None:
        """Open a draft session, cast everybody's ballot (electronic with the codes it issued, on paper for the
        units in `paper`), close it, enter the papers, count. `winners`: the names that win each pool, in order."""
        codes = services.session_open(actor=self.actor, session=session)
        candidates = list(Candidate.objects.filter(session=session).order_by("pool__order", "order", "pk"))
        pools = []
        for pool_id, names in zip(
            session.pools.order_by("order", "pk").values_list("pk", flat=True), winners, strict=True
        ):
            in_pool = [c for c in candidates if c.pool_id == pool_id]
            by_name = {c.name: c.pk for c in in_pool}
            pools.append(([by_name[name] for name in names], [c.pk for c in in_pool if c.name not in names]))
        ids = [c.pk for c in candidates]
        voters = list(Delegate.objects.filter(pk__in=codes).select_related("unit").order_by("pk"))
        on_paper = [d for d in voters if d.unit.name in paper]
        if on_paper:
            services.papers_issue(actor=self.actor, session=session, delegates=on_paper)
        papers = []
        for index, delegate in enumerate(voters):
            chosen = agreed(pools, index, over_quota=delegate.unit.name == over_quota)
            marks = {cid: cid in chosen for cid in ids}
            if delegate in on_paper:
                papers.append(marks)
            else:
                services.ballot_cast(session=session, code=codes[delegate.pk], marks=marks)
        self.count(_("phiếu bầu điện tử"), len(voters) - len(papers))
        services.session_close(actor=self.actor, session=session)
        for number, marks in enumerate(papers, 1):
            services.paper_ballot_enter(actor=self.actor, session=session, paper_number=number, marks=marks)
        self.count(_("phiếu giấy"), len(papers))
        services.session_count(actor=self.actor, session=session)

    def _hold(
        self,
        conference: Conference,
        code: str,
        create: Callable[[Title], BallotSession],
        winners: Sequence[Sequence[str]] | None = None,
        **vote,
    ) -> BallotSession:
        """The first round of `code` at the conference: created by `create` and voted (_vote) unless it exists;
        `winners` the names that win each pool, by default every candidate of the one pool."""
        title = self.titles[code]
        session = BallotSession.objects.filter(conference=conference, title=title, round=1).first()
        if session is None:
            with transaction.atomic():
                session = create(title)
                self.count(_("phiên bỏ phiếu"))
                if winners is None:
                    winners = [list(session.candidates.order_by("order").values_list("name", flat=True))]
                self._vote(session, winners, **vote)
        return session

    def _sector(self, conference: Conference, plan: ConferencePlan) -> BallotSession:
        def create(title: Title) -> BallotSession:
            pools = [services.PoolInput(p.name, p.quota, self._pool_units(conference, p)) for p in plan.sector_pools]
            return services.session_create(actor=self.actor, conference=conference, title=title, pools=pools)

        winners = [pool.winners for pool in plan.sector_pools]
        return self._hold(conference, "co-bo", create, winners, paper=plan.paper, over_quota=plan.over_quota)

    def _government(self, conference: Conference, plan: ConferencePlan, sector: BallotSession) -> BallotSession:
        def create(title: Title) -> BallotSession:
            pools = [services.PoolInput(GOVERNMENT_POOL, plan.government_quota)]
            return services.session_create(
                actor=self.actor, conference=conference, title=title, pools=pools, chained_from=sector
            )

        return self._hold(conference, "co-cp", create, [plan.government_winners], paper=plan.paper)

    def _publish(self, session: BallotSession) -> list[Nomination]:
        """Publish a counted vote once; returns the nominations it made (or moved), the existing ones on a re-run."""
        session = BallotSession.objects.select_related("conference").get(pk=session.pk)
        if session.status != BallotSession.Status.COUNTED:
            # Changed in the portal since (not the demo's state): left as it is.
            return []
        if session.published_at is None:
            with transaction.atomic():
                moved = services.session_publish(actor=self.actor, session=session)
            if session.conference.kind == Conference.Kind.CLUSTER:
                self.count(_("hồ sơ từ kết quả bỏ phiếu"), len(moved))
            else:
                self.count(_("hồ sơ được Hội đồng đồng ý"), sum(n.status == Nomination.Status.APPROVED for n in moved))
        winners = Candidate.objects.filter(session=session, passed=True)
        if session.conference.kind == Conference.Kind.CLUSTER:
            units = winners.values("unit_id")
            return list(Nomination.objects.filter(title=session.title, year=session.conference.year, unit__in=units))
        return list(Nomination.objects.filter(pk__in=winners.values("nomination_id")))

    def _minutes(self, session: BallotSession) -> None:
        """The vote-count minutes, drawn up once, rendered here when no worker has yet, and marked signed."""
        session = BallotSession.objects.get(pk=session.pk)
        if session.status != BallotSession.Status.COUNTED:
            return
        if session.minutes_id is None:
            document = services.minutes_issue(actor=self.actor, session=session)
            self.count(_("biên bản kiểm phiếu"))
        else:
            document = RenderedDocument.objects.get(pk=session.minutes_id)
        if document.is_signed:
            return
        if document.status != RenderedDocument.Status.DONE:
            document_render(document_id=document.pk)
        services.minutes_mark_signed(actor=self.actor, session=BallotSession.objects.get(pk=session.pk))

    def build_conferences(self) -> dict[str, tuple[list[Nomination], list[Nomination]]]:
        """Both conferences and their votes; returns {cluster: (sector banner nominations, Government banner's)}."""
        voted = {}
        for plan in PLANS:
            self.log(_("hội nghị tổng kết năm %(year)s: %(cluster)s") % {"year": YEAR, "cluster": plan.cluster})
            conference = self._conference(plan)
            sector = self._sector(conference, plan)
            # Published before the Government banner's vote: its nominations need the sector banner's (awards).
            sector_nominations = self._publish(sector)
            self._minutes(sector)
            government = self._government(conference, plan, sector)
            government_nominations = self._publish(government)
            self._minutes(government)
            voted[plan.cluster] = (sector_nominations, government_nominations)
        return voted

    # --- the council and the award decisions -----------------------------------------------------------------

    def _council(self) -> Conference:
        meeting = Conference.objects.filter(kind=Conference.Kind.COUNCIL, year=YEAR, date=COUNCIL_DATE).first()
        if meeting is not None:
            return meeting
        units = {u.name: u for u in Unit.objects.filter(name__in={name for name, _n, _p in COUNCIL_MEMBERS})}
        heads = self._heads(list(units.values()))
        members = [
            services.MemberInput(
                full_name=full_name or heads[units[unit_name].pk].full_name, position=position, unit=units[unit_name]
            )
            for unit_name, full_name, position in COUNCIL_MEMBERS
        ]
        with transaction.atomic():
            meeting = services.council_meeting_create(
                actor=self.actor,
                year=YEAR,
                date=COUNCIL_DATE,
                place="Hà Nội",
                chair_name="Trần Tiến Dũng",
                members=members,
                agenda="\n".join(COUNCIL_AGENDA),
                notes=COUNCIL_NOTES,
            )
            services.delegates_check_in_all(actor=self.actor, conference=meeting)
        self.count(_("phiên họp Hội đồng Thi đua - Khen thưởng"))
        self.count(_("thành viên Hội đồng"), len(members))
        return meeting

    def _council_vote(self, meeting: Conference, code: str, nominations: Sequence[Nomination]) -> list[Nomination]:
        # Every nomination passes: one pool, whose quota is all of them (council_session_create).
        session = self._hold(
            meeting,
            code,
            lambda title: services.council_session_create(
                actor=self.actor, conference=meeting, title=title, nominations=nominations
            ),
        )
        approved = self._publish(session)
        self._minutes(session)
        return approved

    def build_council(self, voted: dict[str, tuple[list[Nomination], list[Nomination]]]) -> None:
        self.log(_("phiên họp Hội đồng Thi đua - Khen thưởng và quyết định khen thưởng năm %(year)s") % {"year": YEAR})
        sector = [n for plan in PLANS for n in voted[plan.cluster][0]]
        government = [n for plan in PLANS for n in voted[plan.cluster][1]]
        with transaction.atomic():
            awards_demo.nominations_to_council(actor=self.actor, nominations=sector + government, count=self.count)
        meeting = self._council()
        approved = {}
        for code, nominations in (("co-bo", sector), ("co-cp", government)):
            approved[code] = self._council_vote(meeting, code, nominations)
        # The decisions in this order keep the numbers of the earlier demo: 01/QĐ-BTP, then 01/QĐ-TTg.
        for code in ("co-bo", "co-cp"):
            with transaction.atomic():
                awards_demo.award_decision_complete(
                    actor=self.actor, title=self.titles[code], nominations=approved[code], count=self.count
                )

    # --- next year's leaders ---------------------------------------------------------------------------------

    def build_appointments(self) -> None:
        self.log(_("Cụm trưởng, Cụm phó năm %(year)s và quyết định cử") % {"year": YEAR + 1})
        for plan in PLANS:
            conference = Conference.objects.get(
                kind=Conference.Kind.CLUSTER, term__cluster__name=plan.cluster, term__year=YEAR
            )
            with transaction.atomic():
                decision = conference.appointment
                if decision is None:
                    decision = services.conference_appoint_leaders(
                        actor=self.actor,
                        conference=conference,
                        leader=Unit.objects.get(name=plan.leader),
                        deputies=list(Unit.objects.filter(name__in=plan.deputies).order_by("name")),
                        date=awards_demo.APPOINTMENT_DATE,
                        signer_name=awards_demo.MINISTRY_SIGNER,
                    )
                    if decision.status == Decision.Status.DRAFT:
                        self.count(_("quyết định cử Cụm trưởng, Cụm phó"))
                awards_demo.decision_complete(actor=self.actor, decision=decision, count=self.count)

    # --- a 2017 conference to try ----------------------------------------------------------------------------

    def build_next_conference(self) -> None:
        self.log(_("hội nghị tổng kết năm %(year)s đang chuẩn bị") % {"year": YEAR + 1})
        term = ClusterTerm.objects.get(cluster__name=CLUSTER_I, year=YEAR + 1)
        if Conference.objects.filter(kind=Conference.Kind.CLUSTER, term=term).exists():
            return
        with transaction.atomic():
            conference = services.conference_create(
                actor=self.actor,
                term=term,
                date=NEXT_CONFERENCE_DATE,
                place="Hà Nội",
                chair_name="Trần Tiến Dũng",
                agenda="\n".join(_agenda("Cụm", "Cụm trưởng, Cụm phó", YEAR + 1)),
                notes=NEXT_NOTES,
                with_delegates=False,
            )
            self.count(_("hội nghị tổng kết"))
            self._add_delegates(conference, CLUSTER_I_PLAN.committee)
            pool = CLUSTER_I_PLAN.sector_pools[0]
            services.session_create(
                actor=self.actor,
                conference=conference,
                title=self.titles["co-bo"],
                pools=[services.PoolInput(pool.name, pool.quota, self._pool_units(conference, pool))],
            )
            self.count(_("phiên bỏ phiếu"))

    def build(self) -> dict[str, int]:
        if self.actor is None:
            self.log(_("Bỏ phiếu: chưa có tài khoản Vụ Thi đua - Khen thưởng (bantdkt), bỏ qua."))
            return self.created
        voted = self.build_conferences()
        self.build_council(voted)
        self.build_appointments()
        for label, n in build_report_demo(log=self.log).items():
            self.count(label, n)
        self.build_packs()
        self.build_next_conference()
        return self.created

    def build_packs(self) -> None:
        """The printed pack of each 2016 conference, bound once the report, minutes and decisions exist, rendered
        here when no worker has yet."""
        for conference in Conference.objects.filter(kind=Conference.Kind.CLUSTER, year=YEAR).order_by("pk"):
            if conference.pack_id is None:
                self.log(_("tài liệu hội nghị: %(name)s") % {"name": conference.name})
                document = services.conference_pack_build(actor=self.actor, conference=conference)
                self.count(_("tài liệu hội nghị"))
            else:
                document = RenderedDocument.objects.get(pk=conference.pack_id)
            if document.status != RenderedDocument.Status.DONE:
                document_render(document_id=document.pk)


def build_demo(*, log: Callable[[str], None] | None = None) -> dict[str, int]:
    """Build (or complete) the votes of the demo world, after thidua.org, campaigns and awards' demo data.

    Returns what was created, as {label: how many}; a run on a complete world creates and changes nothing.
    Side effects, all through the voting and awards services as the board's demo account (bantdkt): three
    conferences (two of 2016, held; one of 2017, in preparation) and a council meeting with their delegates,
    ballot sessions, codes, ballots and paper ballots; the nominations of the winners, the council's approval,
    the award and appointment decisions (issued, numbered, signed), the vote-count minutes (signed), the 2016
    summary reports (voting/report_demo.py) and each 2016 conference's printed pack, their PDFs rendered in-process
    when no worker has yet.
    """
    return DemoBuilder(log=log).build()
