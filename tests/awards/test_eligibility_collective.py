"""The default rules of the collective chain and the Government banner's quota, positive and negative."""

from decimal import Decimal

import pytest

from awards.eligibility import check, quota_check, quota_status
from awards.models import Nomination, Rule
from campaigns.models import PersonEvaluation
from tests import factories
from tests.awards import rules_factories as rf

pytestmark = pytest.mark.django_db

Rating = PersonEvaluation.Rating
Status = Nomination.Status
SECTOR = "Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)"
REFERENCE = "Kết quả bỏ phiếu suy tôn tại hội nghị tổng kết năm 2016"


def answers(result) -> list[tuple[bool, str]]:
    return [(reason.met, reason.text) for reason in result.reasons]


# Tập thể lao động tiên tiến -------------------------------------------------------------------------------------


def test_ttldtt_rated_good_with_72_percent_advanced_and_nobody_disciplined(db):
    unit = rf.team("Phòng Hộ tịch", 2016, advanced=8, completed=3)
    rf.unit_rated(unit, 2016, Rating.GOOD)
    result = check(unit=unit, title=rf.title("ttldtt"), year=2016)
    assert result.eligible is True
    assert answers(result) == [
        (True, "Xếp loại tập thể năm 2016: Hoàn thành tốt nhiệm vụ, đạt mức từ «Hoàn thành tốt nhiệm vụ» trở lên"),
        (True, "Tỷ lệ Lao động tiên tiến 8/11 (72,73%) ≥ 70%"),
        (True, "Không có thành viên bị kỷ luật từ hình thức cảnh cáo trở lên năm 2016"),
    ]
    assert result.reasons[1].legal_basis.startswith("Điều 28 Luật Thi đua, khen thưởng năm 2003")


def test_ttldtt_exactly_70_percent_is_enough(db):
    unit = rf.team("Phòng Công chứng", 2016, advanced=7, completed=3)
    rf.unit_rated(unit, 2016, Rating.EXCELLENT)
    assert answers(check(unit=unit, title=rf.title("ttldtt"), year=2016))[1] == (
        True,
        "Tỷ lệ Lao động tiên tiến 7/10 (70%) ≥ 70%",
    )


def test_ttldtt_below_70_percent_a_warned_member_and_no_rating(db):
    unit = rf.team("Phòng Lý lịch tư pháp", 2016, advanced=6, completed=4, warned=1)
    factories.person(unit, "Lê Văn Chưa Đánh Giá")
    result = check(unit=unit, title=rf.title("ttldtt"), year=2016)
    assert result.eligible is False
    assert answers(result) == [
        (False, "Chưa có kết quả xếp loại tập thể năm 2016 (yêu cầu từ «Hoàn thành tốt nhiệm vụ» trở lên)"),
        (False, "Tỷ lệ Lao động tiên tiến 6/12 (50%) < 70%; 1 người chưa được đánh giá"),
        (False, "Có 1 thành viên bị kỷ luật từ hình thức cảnh cáo trở lên năm 2016"),
    ]


def test_ttldtt_a_unit_with_no_members_that_year(db):
    unit = factories.unit("Phòng mới thành lập")
    rf.unit_rated(unit, 2016, Rating.GOOD)
    result = check(unit=unit, title=rf.title("ttldtt"), year=2016)
    assert result.eligible is False
    assert answers(result)[1] == (False, "Tập thể chưa có thành viên nào được đánh giá, xếp loại năm 2016")


# Tập thể lao động xuất sắc --------------------------------------------------------------------------------------


def test_ttldxs_excellent_everyone_completed_and_72_percent_advanced(db):
    unit = rf.team("Phòng Bổ trợ tư pháp", 2016, advanced=8, completed=3)
    rf.unit_rated(unit, 2016, Rating.EXCELLENT)
    result = check(unit=unit, title=rf.title("ttldxs"), year=2016)
    assert result.eligible is True
    assert answers(result) == [
        (
            True,
            "Xếp loại tập thể năm 2016: Hoàn thành xuất sắc nhiệm vụ, đạt mức từ «Hoàn thành xuất sắc nhiệm vụ» trở "
            "lên",
        ),
        (True, "Tỷ lệ hoàn thành nhiệm vụ 11/11 (100%) ≥ 100%"),
        (True, "Tỷ lệ Lao động tiên tiến 8/11 (72,73%) ≥ 70%"),
        (True, "Không có thành viên bị kỷ luật từ hình thức cảnh cáo trở lên năm 2016"),
    ]
    assert result.reasons[0].legal_basis.startswith("Điều 27 Luật Thi đua, khen thưởng năm 2003")


def test_ttldxs_one_member_not_completing_and_a_good_rating_only(db):
    unit = rf.team("Phòng Hành chính tư pháp", 2016, advanced=8, completed=2, weak=1)
    rf.unit_rated(unit, 2016, Rating.GOOD)
    result = check(unit=unit, title=rf.title("ttldxs"), year=2016)
    assert result.eligible is False
    assert [(r.met, r.text) for r in result.failed] == [
        (
            False,
            "Xếp loại tập thể năm 2016: Hoàn thành tốt nhiệm vụ, chưa đạt mức từ «Hoàn thành xuất sắc nhiệm vụ» trở "
            "lên",
        ),
        (False, "Tỷ lệ hoàn thành nhiệm vụ 10/11 (90,91%) < 100%"),
    ]


def test_ttldxs_a_warned_member_bars_it_under_the_2003_law_not_under_the_2022_law(db):
    unit = rf.team("Phòng Thi hành án", 2016, advanced=8, completed=2, warned=1)
    rf.unit_rated(unit, 2016, Rating.EXCELLENT)
    for person in list(unit.people.all()):
        evaluation = PersonEvaluation.objects.get(person=person, year=2016)
        rf.rated(person, 2024, evaluation.rating, evaluation.discipline)
    rf.unit_rated(unit, 2024, Rating.EXCELLENT)

    old = check(unit=unit, title=rf.title("ttldxs"), year=2016)
    assert old.eligible is False
    assert [r.text for r in old.failed] == ["Có 1 thành viên bị kỷ luật từ hình thức cảnh cáo trở lên năm 2016"]

    new = check(unit=unit, title=rf.title("ttldxs"), year=2024)
    assert new.eligible is True
    assert [r.kind for r in new.reasons] == ["rating", "members_completed", "member_share"]
    assert new.rule_name == "Tiêu chuẩn danh hiệu Tập thể lao động xuất sắc (Luật Thi đua, khen thưởng 2022)"


# Banners --------------------------------------------------------------------------------------------------------


def test_sector_banner_needs_the_cluster_ballot(world):
    rf.ballot("co-bo", 2016, world.vu_a)
    rf.nomination("co-bo", 2016, unit=world.vu_b)
    assert Rule.objects.get(title__code="co-bo", valid_from=2013).through_cluster is True

    voted = check(unit=world.vu_a, title=rf.title("co-bo"), year=2016)
    assert voted.eligible is True
    assert answers(voted) == [
        (True, f"Được cụm, khối thi đua bình xét, suy tôn {SECTOR} năm 2016 ({REFERENCE})"),
    ]
    assert voted.reasons[0].legal_basis.startswith("Điều 26 Luật Thi đua, khen thưởng năm 2003")

    proposed = check(unit=world.vu_b, title=rf.title("co-bo"), year=2016)
    assert proposed.eligible is False
    assert answers(proposed) == [(False, f"Chưa được cụm, khối thi đua bình xét, suy tôn {SECTOR} năm 2016")]


def test_sector_banner_of_an_earlier_year_imported_as_history_counts_as_voted(world):
    rf.award("co-bo", 2014, unit=world.cuc)
    result = check(unit=world.cuc, title=rf.title("co-bo"), year=2014)
    assert answers(result) == [(True, f"Đã được tặng {SECTOR} năm 2014")]


def test_government_banner_voted_with_the_sector_banner_pending(world):
    rf.ballot("co-bo", 2016, world.vu_a)
    rf.ballot("co-cp", 2016, world.vu_a)
    result = check(unit=world.vu_a, title=rf.title("co-cp"), year=2016)
    assert result.eligible is True
    assert answers(result) == [
        (True, f"Được cụm, khối thi đua suy tôn {SECTOR} năm 2016; hồ sơ đang xét (Vụ TĐKT thẩm định)"),
        (True, f"Được cụm, khối thi đua bình xét, suy tôn Cờ thi đua của Chính phủ năm 2016 ({REFERENCE})"),
    ]
    assert result.reasons[0].legal_basis.startswith("Điều 25 Luật Thi đua, khen thưởng năm 2003")


def test_government_banner_with_the_sector_banner_awarded(world):
    rf.award("co-bo", 2016, unit=world.cuc)
    rf.ballot("co-cp", 2016, world.cuc)
    result = check(unit=world.cuc, title=rf.title("co-cp"), year=2016)
    assert result.eligible is True
    assert answers(result)[0] == (True, f"Đạt {SECTOR} năm 2016")


def test_government_banner_without_the_sector_banner_or_the_vote(world):
    rf.ballot("co-bo", 2016, world.vu_b, status=Status.RETURNED)
    rf.nomination("co-cp", 2016, unit=world.vu_b)
    result = check(unit=world.vu_b, title=rf.title("co-cp"), year=2016)
    assert result.eligible is False
    assert answers(result) == [
        (False, f"Chưa đạt {SECTOR} năm 2016"),
        (False, "Chưa được cụm, khối thi đua bình xét, suy tôn Cờ thi đua của Chính phủ năm 2016"),
    ]


# The Government banner's quota ----------------------------------------------------------------------------------


@pytest.fixture
def voted_2016(db):
    """19 collectives voted for the sector banner in 2016, as in the seed (4 in Cluster I, 15 in the region)."""
    units = [factories.unit(f"Tập thể được suy tôn số {n}") for n in range(1, 20)]
    for unit in units[:18]:
        rf.ballot("co-bo", 2016, unit)
    rf.award("co-bo", 2016, unit=units[18])
    rf.award("co-bo", 2016, unit=units[0])  # voted and awarded: counted once
    returned = factories.unit("Tập thể bị trả hồ sơ")
    rf.ballot("co-bo", 2016, returned, status=Status.RETURNED)
    return units


def test_quota_status_counts_the_voted_collectives_and_the_nominations_sent(voted_2016):
    rf.ballot("co-cp", 2016, voted_2016[0], status=Status.DECIDED)
    rf.nomination("co-cp", 2016, unit=voted_2016[1], status=Status.COUNCIL)
    rf.nomination("co-cp", 2016, unit=voted_2016[2], status=Status.DRAFT)
    rf.nomination("co-cp", 2016, unit=voted_2016[3], status=Status.RETURNED)
    status = quota_status(title=rf.title("co-cp"), year=2016)
    assert (status.base, status.limit, status.used, status.remaining) == (19, 3, 2, 1)
    assert status.percent == Decimal("20.00")
    assert status.base_title_name == SECTOR
    assert status.legal_basis.startswith("Điều 25 Luật Thi đua, khen thưởng năm 2003")


def test_quota_at_the_limit_and_over_it(voted_2016):
    title = rf.title("co-cp")
    rf.ballot("co-cp", 2016, voted_2016[0])
    rf.ballot("co-cp", 2016, voted_2016[1])
    reason = quota_check(title=title, year=2016)
    assert (reason.met, reason.kind) == (True, "quota")
    assert reason.text == (
        "Trong chỉ tiêu: tối đa 3 hồ sơ đề nghị Cờ thi đua của Chính phủ (20% của 19 tập thể được suy tôn); đã có 2."
    )
    assert reason.rule_name == "Chỉ tiêu đề nghị Cờ thi đua của Chính phủ"

    rf.ballot("co-cp", 2016, voted_2016[2], status=Status.APPROVED)
    reason = quota_check(title=title, year=2016)
    assert reason.met is False
    assert reason.text == (
        "Vượt chỉ tiêu: tối đa 3 hồ sơ đề nghị Cờ thi đua của Chính phủ (20% của 19 tập thể được suy tôn); đã có 3."
    )
    assert quota_check(title=title, year=2016, adding=0).met is True


def test_no_quota_for_other_titles_or_without_votes(db):
    assert quota_status(title=rf.title("ldtt"), year=2016) is None
    reason = quota_check(title=rf.title("ldtt"), year=2016)
    assert (reason.met, reason.text) == (
        True,
        "Không có chỉ tiêu số hồ sơ đề nghị danh hiệu Lao động tiên tiến năm 2016.",
    )
    status = quota_status(title=rf.title("co-cp"), year=2025)
    assert (status.base, status.limit, status.used) == (0, 0, 0)
    assert status.legal_basis.startswith("Điều 25 Luật Thi đua, khen thưởng số 06/2022/QH15")
    assert quota_check(title=rf.title("co-cp"), year=2025).text == (
        "Vượt chỉ tiêu: tối đa 0 hồ sơ đề nghị Cờ thi đua của Chính phủ (20% của 0 tập thể được suy tôn); đã có 0."
    )
