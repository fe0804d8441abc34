"""The votes of the demo data (voting/demo.py, run by `seed_demo`): the seed's two 2016 conferences give the seed's
winners through the voting services, the council approves them, the decisions follow, and a second run changes
nothing."""

import datetime
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from awards.demo import (
    GOVERNMENT_BANNER_CLUSTER_I,
    GOVERNMENT_BANNER_REGION,
    SECTOR_BANNER_CLUSTER_I,
    SECTOR_BANNER_REGION,
    SECTOR_BANNER_REGION_CHI_CUC,
    SECTOR_BANNER_REGION_CUC,
    SECTOR_BANNER_REGION_SO,
)
from awards.models import Award, Decision, DecisionItem, Nomination, NominationEvent
from thidua.documents.models import DocumentSeries, RenderedDocument
from thidua.org.demo import CLUSTER_I, REGION, cuc_thads, so_tu_phap
from thidua.org.models import ClusterMembership, ClusterTerm, Person
from voting.demo import CLUSTER_I_PLAN, REGION_PLAN
from voting.models import (
    Ballot,
    BallotSession,
    Candidate,
    CommitteeRole,
    Conference,
    PaperCount,
    Participation,
    VoterCode,
)
from voting.services import session_verify, session_winners

pytestmark = pytest.mark.django_db

SECTOR, GOVERNMENT = "co-bo", "co-cp"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """seed_demo run once for the module, in a transaction rolled back at its end (each test still runs in its own
    savepoint). Nothing commits, so no worker renders: the demo renders the documents it signs itself."""
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _conference(cluster: str, year: int = 2016) -> Conference:
    return Conference.objects.get(kind=Conference.Kind.CLUSTER, term__cluster__name=cluster, term__year=year)


def _session(conference: Conference, code: str) -> BallotSession:
    return BallotSession.objects.get(conference=conference, title__code=code, round=1)


def _winners(session: BallotSession) -> list[str]:
    return [c.name for c in session_winners(session)]


def _council() -> Conference:
    return Conference.objects.get(kind=Conference.Kind.COUNCIL, year=2016)


def test_the_two_conferences_of_22_11_2016(demo):
    cluster_i, region = _conference(CLUSTER_I), _conference(REGION)
    assert (cluster_i.date, cluster_i.place, cluster_i.chair_name) == (
        datetime.date(2016, 11, 22),
        "Hà Nội",
        "Trần Tiến Dũng",
    )
    assert (region.date, region.place, region.chair_name) == (
        datetime.date(2016, 11, 22),
        "tỉnh Hòa Bình",
        "Lê Tiến Châu",
    )
    assert cluster_i.name == "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2016 của Cụm thi đua số I"
    assert cluster_i.agenda_lines == [
        "Báo cáo tổng kết công tác thi đua, khen thưởng năm 2016 của Cụm",
        "Công bố kết quả chấm điểm, đánh giá chéo giữa các đơn vị",
        "Bỏ phiếu bình xét, suy tôn Cờ thi đua ngành Tư pháp và Cờ thi đua của Chính phủ năm 2016",
        "Công bố Cụm trưởng, Cụm phó năm 2017",
        "Ký kết giao ước thi đua năm 2017",
    ]
    assert region.agenda_lines[3] == "Công bố Trưởng khu vực, Phó trưởng khu vực năm 2017"
    assert "minh họa" in cluster_i.notes and "minh họa" in region.notes
    # Exactly one conference of each 2016 term: the second run made none.
    assert Conference.objects.filter(kind=Conference.Kind.CLUSTER, term__year=2016).count() == 2


@pytest.mark.parametrize("cluster", [CLUSTER_I, REGION])
def test_one_voting_delegate_per_member_named_after_the_units_head(demo, cluster):
    conference = _conference(cluster)
    members = ClusterMembership.objects.filter(term=conference.term)
    delegates = list(conference.delegates.select_related("unit"))
    assert len(delegates) == members.count() == (11 if cluster == CLUSTER_I else 70)
    assert {d.unit_id for d in delegates} == set(members.values_list("unit_id", flat=True))
    assert all(d.is_voting for d in delegates)
    for delegate in delegates:
        head = Person.objects.filter(unit=delegate.unit, position=delegate.unit.display_head_title).order_by("pk")
        assert delegate.position == delegate.unit.display_head_title
        assert delegate.full_name == head.first().full_name
    if cluster == REGION:
        assert conference.delegates.get(unit__name=cuc_thads("Yên Bái")).full_name == "Nguyễn Huy Hải"
    else:
        assert conference.delegates.get(unit__name=CLUSTER_I_PLAN.leader).full_name == "Nguyễn Hồng Tuyến"


@pytest.mark.parametrize("plan", [CLUSTER_I_PLAN, REGION_PLAN], ids=["cluster_i", "region"])
def test_the_counting_committee_and_the_roll_call(demo, plan):
    conference = _conference(plan.cluster)
    committee = list(
        conference.delegates.exclude(committee_role="").order_by("committee_role", "unit__name").select_related("unit")
    )
    assert [(d.committee_role, d.unit.name) for d in committee] == [
        (CommitteeRole.HEAD, plan.committee[0]),
        *sorted((CommitteeRole.MEMBER, name) for name in plan.committee[1:]),
    ]
    assert all(d.full_name and d.present_at for d in committee)
    absent = set(conference.delegates.filter(present_at=None).values_list("unit__name", flat=True))
    assert absent == set(plan.absent)
    assert len(absent) == (0 if plan is CLUSTER_I_PLAN else 2)


def test_the_winners_of_every_vote_are_the_seeds(demo):
    cluster_i, region = _conference(CLUSTER_I), _conference(REGION)
    assert sorted(_winners(_session(cluster_i, SECTOR))) == sorted(SECTOR_BANNER_CLUSTER_I)
    assert _winners(_session(cluster_i, GOVERNMENT)) == ["Vụ Pháp luật dân sự - kinh tế"]
    assert GOVERNMENT_BANNER_CLUSTER_I == ["Vụ Pháp luật dân sự - kinh tế"]
    sector = _session(region, SECTOR)
    by_pool = {
        pool.name: (pool.quota, sorted(c.name for c in pool.candidates.filter(passed=True)))
        for pool in sector.pools.all()
    }
    assert by_pool == {
        "Sở Tư pháp": (3, sorted(so_tu_phap(p) for p in ("Lào Cai", "Hòa Bình", "Thái Nguyên"))),
        "Cục Thi hành án dân sự": (4, sorted(cuc_thads(p) for p in ("Yên Bái", "Điện Biên", "Bắc Kạn", "Hà Giang"))),
        "Chi cục Thi hành án dân sự": (8, sorted(SECTOR_BANNER_REGION_CHI_CUC)),
    }
    assert sorted(SECTOR_BANNER_REGION) == sorted(
        SECTOR_BANNER_REGION_SO + SECTOR_BANNER_REGION_CUC + SECTOR_BANNER_REGION_CHI_CUC
    )
    assert sorted(_winners(_session(region, GOVERNMENT))) == sorted([cuc_thads("Hà Giang"), cuc_thads("Yên Bái")])
    # Every other candidate fell short of the threshold, none by the quota or a tie: no run-off.
    losers = Candidate.objects.filter(session__conference__in=[cluster_i, region], passed=False)
    assert set(losers.values_list("reason", flat=True)) == {Candidate.Reason.THRESHOLD}
    assert not BallotSession.objects.filter(round__gt=1).exists()


def test_the_pools_hold_the_members_of_each_kind(demo):
    cluster_i, region = _conference(CLUSTER_I), _conference(REGION)
    assert [(p.name, p.quota, p.candidates.count()) for p in _session(cluster_i, SECTOR).pools.all()] == [
        ("Các đơn vị thuộc Cụm", 4, 11)
    ]
    pools = _session(region, SECTOR).pools.all()
    kinds = {p.name: set(p.candidates.values_list("unit__kind__code", flat=True)) for p in pools}
    assert kinds == {
        "Sở Tư pháp": {"so-tu-phap"},
        "Cục Thi hành án dân sự": {"cuc-thads"},
        "Chi cục Thi hành án dân sự": {"chi-cuc-thads"},
    }
    assert sum(p.candidates.count() for p in pools) == 70


@pytest.mark.parametrize("cluster,quota", [(CLUSTER_I, 1), (REGION, 2)])
def test_the_government_banner_is_chained_from_the_sector_banners_winners(demo, cluster, quota):
    conference = _conference(cluster)
    sector, government = _session(conference, SECTOR), _session(conference, GOVERNMENT)
    assert government.chained_from_id == sector.pk
    assert [p.quota for p in government.pools.all()] == [quota]
    assert sorted(government.candidates.values_list("unit_id", flat=True)) == sorted(
        c.unit_id for c in session_winners(sector)
    )


def test_quorum_and_the_counts_add_up(demo):
    for session in BallotSession.objects.filter(status=BallotSession.Status.COUNTED):
        result = session.result
        assert result["quorum_met"] is True
        assert result["present"] * 3 >= result["entitled"] * 2
        assert result["issued"] >= result["ballots"] == result["valid"] + result["invalid"]
        assert result["ballots"] == Ballot.objects.filter(session=session).count()
        assert result["ballots"] == Participation.objects.filter(session=session).count()
        assert result["base"] == result["valid"]
        assert VoterCode.objects.filter(session=session).count() == result["present"]
    cluster_i, region = _conference(CLUSTER_I), _conference(REGION)
    summary = {
        (session.conference.term.cluster.name, session.title.code): {
            key: session.result[key]
            for key in ("entitled", "present", "ballots", "valid", "invalid", "electronic", "paper_returned")
        }
        for session in BallotSession.objects.filter(conference__in=[cluster_i, region]).select_related(
            "conference__term__cluster", "title"
        )
    }
    # Cluster I: everybody present, one ballot over the quota (5 units marked for 4 places) counted invalid.
    cluster_i_sector = {
        "entitled": 11,
        "present": 11,
        "ballots": 11,
        "valid": 10,
        "invalid": 1,
        "electronic": 11,
        "paper_returned": 0,
    }
    assert summary[(CLUSTER_I, SECTOR)] == cluster_i_sector
    assert summary[(CLUSTER_I, GOVERNMENT)] == {**cluster_i_sector, "valid": 11, "invalid": 0}
    # The region: 2 absent, 5 delegates vote on paper, entered by the committee one by one.
    region_counts = {
        "entitled": 70,
        "present": 68,
        "ballots": 68,
        "valid": 68,
        "invalid": 0,
        "electronic": 63,
        "paper_returned": 5,
    }
    assert summary[(REGION, SECTOR)] == summary[(REGION, GOVERNMENT)] == region_counts
    invalid = Ballot.objects.get(session=_session(cluster_i, SECTOR), is_valid=False)
    assert invalid.marks.filter(agree=True).count() == 5
    for code in (SECTOR, GOVERNMENT):
        session = _session(region, code)
        papers = Ballot.objects.filter(session=session, source=Ballot.Source.PAPER)
        assert sorted(papers.values_list("paper_number", flat=True)) == [1, 2, 3, 4, 5]
        assert PaperCount.objects.get(session=session).mode == PaperCount.Mode.BALLOTS
        on_paper = Participation.objects.filter(session=session, channel=Participation.Channel.PAPER)
        assert set(on_paper.values_list("delegate__unit__name", flat=True)) == set(REGION_PLAN.paper)


def test_every_winner_has_more_than_half_of_the_valid_ballots_and_no_other_does(demo):
    for candidate in Candidate.objects.filter(session__status=BallotSession.Status.COUNTED).select_related("session"):
        more_than_half = candidate.votes * 2 > candidate.session.result["valid"]
        assert candidate.passed == more_than_half, candidate.name


def test_each_chain_verifies(demo):
    sessions = list(BallotSession.objects.filter(status=BallotSession.Status.COUNTED))
    assert len(sessions) == 6
    for session in sessions:
        assert session.chain_head and session.final_head and session.entitled_fingerprint
        assert session_verify(session)
        assert not Ballot.objects.filter(session=session, chain_hash="").exists()


def test_the_winners_became_nominations_with_the_ballot_as_their_reference(demo):
    nominations = Nomination.objects.filter(year=2016, source=Nomination.Source.BALLOT).select_related(
        "title", "term__cluster"
    )
    assert nominations.count() == 22
    names = {
        (code, cluster): sorted(
            n.candidate_name for n in nominations if n.title.code == code and n.term.cluster.name == cluster
        )
        for code in (SECTOR, GOVERNMENT)
        for cluster in (CLUSTER_I, REGION)
    }
    assert names == {
        (SECTOR, CLUSTER_I): sorted(SECTOR_BANNER_CLUSTER_I),
        (SECTOR, REGION): sorted(SECTOR_BANNER_REGION),
        (GOVERNMENT, CLUSTER_I): ["Vụ Pháp luật dân sự - kinh tế"],
        (GOVERNMENT, REGION): sorted(GOVERNMENT_BANNER_REGION),
    }
    for nomination in nominations:
        conference = _conference(nomination.term.cluster.name)
        assert nomination.term_id == conference.term_id
        assert nomination.source_reference.startswith(f"Kết quả bỏ phiếu bình xét, suy tôn tại {conference.name}")
        assert "ngày 22/11/2016" in nomination.source_reference
        assert nomination.eligible is True
        assert nomination.status == Nomination.Status.DECIDED
    assert (
        not Nomination.objects.filter(year=2016)
        .exclude(source=Nomination.Source.BALLOT)
        .filter(title__code__in=[SECTOR, GOVERNMENT])
        .exists()
    )


def test_the_council_voted_the_nominations_through(demo):
    council = _council()
    assert (council.date, council.place, council.chair_name) == (
        datetime.date(2016, 12, 29),
        "Hà Nội",
        "Trần Tiến Dũng",
    )
    assert "minh họa" in council.notes
    members = list(council.delegates.all())
    assert len(members) == 9
    assert all(m.present_at and m.is_voting for m in members)
    assert {"Trần Tiến Dũng", "Lê Tiến Châu"} <= {m.full_name for m in members}
    for code, count in ((SECTOR, 19), (GOVERNMENT, 3)):
        session = _session(council, code)
        assert session.published_at is not None
        assert (session.threshold_base, session.threshold_comparison) == ("entitled", "more_than")
        candidates = list(session.candidates.select_related("nomination"))
        assert len(candidates) == count
        assert all(c.passed and c.votes * 2 > 9 for c in candidates)
        for candidate in candidates:
            steps = list(candidate.nomination.events.order_by("pk").values_list("from_status", "to_status", "note"))
            assert [(a, b) for a, b, _note in steps] == [
                ("", "board"),
                ("board", "council"),
                ("council", "approved"),
                ("approved", "decided"),
            ]
            assert steps[2][2].startswith("Hội đồng bỏ phiếu: ")


def test_the_award_decisions_list_the_same_19_and_3_collectives(demo):
    sector = Decision.objects.get(kind=Decision.Kind.AWARD, title__code=SECTOR, year=2016)
    government = Decision.objects.get(kind=Decision.Kind.AWARD, title__code=GOVERNMENT, year=2016)
    assert (sector.number_text, sector.status, sector.date) == ("01/QĐ-BTP", "signed", datetime.date(2017, 1, 5))
    assert (government.number_text, government.status, government.signer_name) == (
        "01/QĐ-TTg",
        "signed",
        "Trương Hòa Bình",
    )
    assert sorted(sector.items.values_list("name", flat=True)) == sorted(SECTOR_BANNER_CLUSTER_I + SECTOR_BANNER_REGION)
    assert sorted(government.items.values_list("name", flat=True)) == sorted(
        GOVERNMENT_BANNER_CLUSTER_I + GOVERNMENT_BANNER_REGION
    )
    # Each line is the nomination the conference's vote made, and the council approved.
    council_approved = Candidate.objects.filter(session__conference=_council(), passed=True).values("nomination_id")
    lines = DecisionItem.objects.filter(decision__in=[sector, government])
    assert set(lines.values_list("nomination_id", flat=True)) == set(
        council_approved.values_list("nomination_id", flat=True)
    )
    assert Award.objects.filter(year=2016, title__code=SECTOR, decision_number="01/QĐ-BTP").count() == 19
    assert Award.objects.filter(year=2016, title__code=GOVERNMENT, decision_number="01/QĐ-TTg").count() == 3


@pytest.mark.parametrize(
    "plan,number",
    [(CLUSTER_I_PLAN, "02/QĐ-BTP"), (REGION_PLAN, "03/QĐ-BTP")],
    ids=["cluster_i", "region"],
)
def test_the_appointment_decisions_name_the_seeds_leaders(demo, plan, number):
    conference = _conference(plan.cluster)
    decision = conference.appointment
    term = ClusterTerm.objects.get(cluster__name=plan.cluster, year=2017)
    assert (decision.number_text, decision.status, decision.term_id) == (number, "signed", term.pk)
    assert decision.date == datetime.date(2017, 1, 10)
    lines = [(item.role, item.name) for item in decision.items.order_by("order")]
    assert lines == [("leader", plan.leader), *[("deputy", name) for name in sorted(plan.deputies)]]
    roles = {m.unit.name: m.role for m in term.memberships.exclude(role="member").select_related("unit")}
    assert roles == {plan.leader: "leader", **dict.fromkeys(plan.deputies, "deputy")}
    assert Decision.objects.filter(kind=Decision.Kind.APPOINTMENT, term=term).count() == 1


def test_the_leaders_and_deputies_are_the_seeds(demo):
    assert (CLUSTER_I_PLAN.leader, CLUSTER_I_PLAN.deputies) == (
        "Vụ Các vấn đề chung về xây dựng pháp luật",
        ("Văn phòng Bộ",),
    )
    assert (REGION_PLAN.leader, set(REGION_PLAN.deputies)) == (
        cuc_thads("Yên Bái"),
        {so_tu_phap("Thái Nguyên"), cuc_thads("Tuyên Quang")},
    )


def test_the_minutes_of_every_vote_are_drawn_up_and_signed(demo):
    sessions = BallotSession.objects.filter(status=BallotSession.Status.COUNTED).select_related("minutes")
    numbers = []
    for session in sessions:
        minutes = session.minutes
        assert minutes.status == RenderedDocument.Status.DONE
        assert minutes.is_signed
        numbers.append(minutes.data["number"])
    assert len(numbers) == 6
    assert all("/BB-" in number for number in numbers)
    assert len(set(numbers)) == 6


def test_a_draft_2017_conference_to_try(demo):
    conference = _conference(CLUSTER_I, 2017)
    assert (conference.date, conference.place) == (datetime.date(2017, 11, 20), "Hà Nội")
    assert conference.delegates.count() == 11
    assert not conference.delegates.exclude(present_at=None).exists()
    assert conference.delegates.filter(committee_role=CommitteeRole.HEAD).count() == 1
    session = BallotSession.objects.get(conference=conference)
    assert (session.title.code, session.status) == (SECTOR, BallotSession.Status.DRAFT)
    assert [(p.name, p.quota, p.candidates.count()) for p in session.pools.all()] == [("Các đơn vị thuộc Cụm", 4, 11)]
    assert not VoterCode.objects.filter(session=session).exists()


def test_the_board_account_acts_for_every_vote(demo):
    users = get_user_model().objects
    board, leader = users.get(username="bantdkt"), users.get(username="cumtruong.cum1")
    entries = LogEntry.objects.filter(content_type__app_label="voting")
    assert entries.exclude(content_type__model="summaryreport").count() > 100
    assert set(entries.exclude(content_type__model="summaryreport").values_list("actor", flat=True)) == {board.pk}
    # The summary reports: Cluster I's written by its leader unit, the ministry's by the board.
    assert set(entries.filter(content_type__model="summaryreport").values_list("actor", flat=True)) == {
        board.pk,
        leader.pk,
    }


def test_the_output_lists_what_was_created(demo):
    assert "hội nghị tổng kết 3" in demo
    assert "phiếu giấy 10" in demo
    assert "quyết định cử Cụm trưởng, Cụm phó 2" in demo


def _counts() -> dict[str, int]:
    models = [
        *apps.get_app_config("voting").get_models(),
        Nomination,
        NominationEvent,
        Decision,
        DecisionItem,
        Award,
        RenderedDocument,
        DocumentSeries,
        LogEntry,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_a_second_run_changes_nothing(demo):
    before = _counts()
    assert before["Ballot"] == 11 + 11 + 68 + 68 + 9 + 9
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert _counts() == before
    assert "không thay đổi gì" in out.getvalue()


def test_each_2016_conference_has_its_printed_pack(demo):
    cluster_i = _conference(CLUSTER_I)
    titles = [part["title"] for part in cluster_i.pack.data["parts"]]
    assert titles[:2] == ["Chương trình hội nghị", "Báo cáo tổng kết năm 2016"]
    assert [t.split(" ", 2)[:2] for t in titles[2:4]] == [["Mẫu", "phiếu"], ["Mẫu", "phiếu"]]
    assert sum(t.startswith("Biên bản kiểm phiếu") for t in titles) == 2
    # The sector and Government banner decisions, then the 2017 appointment decision of the cluster.
    assert [t.split(":")[0] for t in titles[6:]] == [
        "Quyết định số 01/QĐ-BTP",
        "Quyết định số 01/QĐ-TTg",
        "Quyết định số 02/QĐ-BTP",
    ]
    region = _conference(REGION)
    assert "Báo cáo tổng kết năm 2016" not in [part["title"] for part in region.pack.data["parts"]]
    for conference in (cluster_i, region):
        assert conference.pack.status == RenderedDocument.Status.DONE
        assert conference.pack.page_count > len(conference.pack.data["parts"])
