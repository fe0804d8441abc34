"""The default rules of the individual chain, each positive and negative, with the reasons' exact sentences."""

import pytest

from awards.defaults import PERSON_DISCIPLINE_BASIS
from awards.eligibility import check
from awards.models import Nomination, Rule
from campaigns.models import Initiative, PersonEvaluation
from tests import factories
from tests.awards import rules_factories as rf

pytestmark = pytest.mark.django_db

Rating = PersonEvaluation.Rating
Discipline = PersonEvaluation.Discipline
Level = Initiative.Level


def answers(result) -> list[tuple[bool, str]]:
    return [(reason.met, reason.text) for reason in result.reasons]


@pytest.fixture
def person(world):
    return factories.person(world.vu_a, "Nguyễn Thị Hoa")


# Lao động tiên tiến -------------------------------------------------------------------------------------------


def test_ldtt_rated_good_without_discipline_is_eligible_with_the_rule_and_its_bases(person):
    rf.rated(person, 2016, Rating.GOOD)
    result = check(person=person, title=rf.title("ldtt"), year=2016)
    rule = Rule.objects.get(title__code="ldtt", valid_from=2013)
    assert result.eligible is True
    assert answers(result) == [
        (True, "Xếp loại năm 2016: Hoàn thành tốt nhiệm vụ, đạt mức từ «Hoàn thành tốt nhiệm vụ» trở lên"),
        (True, "Không bị kỷ luật từ hình thức cảnh cáo trở lên năm 2016"),
    ]
    assert {r.rule_id for r in result.reasons} == {rule.pk}
    assert result.reasons[0].rule_name == "Tiêu chuẩn danh hiệu Lao động tiên tiến (Luật Thi đua, khen thưởng 2003)"
    assert result.reasons[0].legal_basis == rule.legal_basis
    assert result.reasons[0].legal_basis.startswith(
        "Điều 24 Luật Thi đua, khen thưởng năm 2003 (sửa đổi, bổ sung năm 2005 và năm 2013); Nghị định 42/2010/NĐ-CP"
    )
    assert result.reasons[1].legal_basis == PERSON_DISCIPLINE_BASIS
    assert (result.rule_id, result.rule_name) == (rule.pk, rule.name)


def test_ldtt_a_reprimand_is_below_the_threshold(person):
    rf.rated(person, 2016, Rating.EXCELLENT, Discipline.REPRIMAND)
    result = check(person=person, title=rf.title("ldtt"), year=2016)
    assert result.eligible is True
    assert answers(result)[0] == (
        True,
        "Xếp loại năm 2016: Hoàn thành xuất sắc nhiệm vụ, đạt mức từ «Hoàn thành tốt nhiệm vụ» trở lên",
    )


def test_ldtt_rated_only_completed_is_not_eligible(person):
    rf.rated(person, 2016, Rating.COMPLETED)
    result = check(person=person, title=rf.title("ldtt"), year=2016)
    assert result.eligible is False
    assert [(r.met, r.text) for r in result.failed] == [
        (False, "Xếp loại năm 2016: Hoàn thành nhiệm vụ, chưa đạt mức từ «Hoàn thành tốt nhiệm vụ» trở lên")
    ]


def test_ldtt_a_warning_makes_a_good_rating_not_enough(person):
    rf.rated(person, 2016, Rating.GOOD, Discipline.WARNING)
    result = check(person=person, title=rf.title("ldtt"), year=2016)
    assert result.eligible is False
    assert answers(result)[1] == (
        False,
        "Bị kỷ luật hình thức cảnh cáo năm 2016 (điều kiện: không bị kỷ luật từ hình thức cảnh cáo trở lên)",
    )


def test_ldtt_without_a_rating_that_year_is_not_eligible(person):
    rf.rated(person, 2015, Rating.EXCELLENT)
    result = check(person=person, title=rf.title("ldtt"), year=2016)
    assert result.eligible is False
    assert answers(result) == [
        (False, "Chưa có kết quả xếp loại năm 2016 (yêu cầu từ «Hoàn thành tốt nhiệm vụ» trở lên)"),
        (True, "Không bị kỷ luật từ hình thức cảnh cáo trở lên năm 2016"),
    ]


# Chiến sĩ thi đua cơ sở ---------------------------------------------------------------------------------------


def test_cstdcs_ldtt_the_same_year_and_a_unit_level_initiative(person):
    rf.award("ldtt", 2016, person=person)
    rf.initiative(person, 2016, Level.UNIT, "Số hóa sổ hộ tịch")
    result = check(person=person, title=rf.title("cstdcs"), year=2016)
    assert result.eligible is True
    assert answers(result) == [
        (True, "Đạt danh hiệu Lao động tiên tiến năm 2016"),
        (True, "Có sáng kiến phạm vi ảnh hưởng cấp cơ sở trở lên được công nhận năm 2016: «Số hóa sổ hộ tịch»"),
    ]
    assert result.reasons[0].legal_basis.startswith("Điều 23 Luật Thi đua, khen thưởng năm 2003")


def test_cstdcs_a_higher_level_initiative_counts_and_others_are_mentioned(person):
    rf.award("ldtt", 2016, person=person)
    rf.initiative(person, 2016, Level.UNIT, "Sổ tay nghiệp vụ")
    rf.initiative(person, 2016, Level.MINISTRY, "Cơ sở dữ liệu văn bản")
    result = check(person=person, title=rf.title("cstdcs"), year=2016)
    assert answers(result)[1] == (
        True,
        "Có sáng kiến phạm vi ảnh hưởng cấp cơ sở trở lên được công nhận năm 2016: «Cơ sở dữ liệu văn bản» và 1 "
        "sáng kiến khác",
    )


def test_cstdcs_an_approved_nomination_holds_the_title_a_pending_one_does_not(person, world):
    rf.initiative(person, 2016)
    rf.nomination("ldtt", 2016, person=person, status=Nomination.Status.APPROVED)
    result = check(person=person, title=rf.title("cstdcs"), year=2016)
    assert answers(result)[0] == (True, "Đạt danh hiệu Lao động tiên tiến năm 2016 (Hội đồng đã xét, chờ quyết định)")

    other = factories.person(world.vu_a)
    rf.initiative(other, 2016)
    rf.nomination("ldtt", 2016, person=other, status=Nomination.Status.COUNCIL)
    result = check(person=other, title=rf.title("cstdcs"), year=2016)
    assert result.eligible is False
    assert answers(result)[0] == (False, "Chưa đạt danh hiệu Lao động tiên tiến năm 2016")


def test_cstdcs_without_ldtt_and_with_last_years_initiative_only(person):
    rf.award("ldtt", 2015, person=person)
    rf.initiative(person, 2015)
    result = check(person=person, title=rf.title("cstdcs"), year=2016)
    assert result.eligible is False
    assert answers(result) == [
        (False, "Chưa đạt danh hiệu Lao động tiên tiến năm 2016"),
        (False, "Chưa có sáng kiến phạm vi ảnh hưởng cấp cơ sở trở lên được công nhận năm 2016"),
    ]


# Chiến sĩ thi đua cấp Bộ ----------------------------------------------------------------------------------------


def test_cstd_bo_three_consecutive_years_and_a_ministry_initiative(person):
    rf.awards("cstdcs", [2014, 2015, 2016], person=person)
    rf.initiative(person, 2015, Level.MINISTRY, "Quy trình tiếp nhận hồ sơ lý lịch tư pháp trực tuyến")
    result = check(person=person, title=rf.title("cstd-bo"), year=2016)
    assert result.eligible is True
    assert answers(result) == [
        (True, "Đạt 3 năm liên tục danh hiệu Chiến sĩ thi đua cơ sở (2014, 2015, 2016)"),
        (
            True,
            "Có sáng kiến phạm vi ảnh hưởng cấp Bộ, ngành trở lên được công nhận trong các năm 2014–2016: «Quy trình "
            "tiếp nhận hồ sơ lý lịch tư pháp trực tuyến» (2015)",
        ),
    ]
    assert result.reasons[0].legal_basis.startswith("Điều 22 Luật Thi đua, khen thưởng năm 2003")


def test_cstd_bo_a_gap_in_the_chain_is_not_enough(person):
    rf.awards("cstdcs", [2014, 2016], person=person)
    rf.initiative(person, 2016, Level.MINISTRY)
    result = check(person=person, title=rf.title("cstd-bo"), year=2016)
    assert result.eligible is False
    assert answers(result)[0] == (
        False,
        "Chưa đủ 3 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở (đạt: 2014, 2016)",
    )


def test_cstd_bo_the_chain_ends_at_the_checked_year(person):
    rf.awards("cstdcs", [2013, 2014, 2015], person=person)
    rf.initiative(person, 2015, Level.MINISTRY)
    assert answers(check(person=person, title=rf.title("cstd-bo"), year=2016))[0] == (
        False,
        "Chưa đủ 3 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở (đạt: 2014, 2015)",
    )
    assert check(person=person, title=rf.title("cstd-bo"), year=2015).eligible is True


def test_cstd_bo_with_no_year_and_only_a_unit_level_initiative(person):
    rf.initiative(person, 2016, Level.UNIT)
    rf.initiative(person, 2013, Level.NATIONAL, "Sáng kiến cũ")
    result = check(person=person, title=rf.title("cstd-bo"), year=2016)
    assert answers(result) == [
        (False, "Chưa đủ 3 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở (các năm 2014–2016: chưa năm nào đạt)"),
        (False, "Chưa có sáng kiến phạm vi ảnh hưởng cấp Bộ, ngành trở lên được công nhận trong các năm 2014–2016"),
    ]


def test_cstd_bo_years_held_through_a_decided_nomination_count(person):
    rf.awards("cstdcs", [2014, 2015], person=person)
    rf.nomination("cstdcs", 2016, person=person, status=Nomination.Status.DECIDED)
    rf.initiative(person, 2014, Level.MINISTRY)
    assert check(person=person, title=rf.title("cstd-bo"), year=2016).eligible is True


# Chiến sĩ thi đua toàn quốc -----------------------------------------------------------------------------------


def test_cstd_tq_two_consecutive_years_of_cstd_bo_and_a_national_initiative(person):
    rf.awards("cstd-bo", [2015, 2016], person=person)
    rf.initiative(person, 2016, Level.NATIONAL, "Mô hình hòa giải ở cơ sở")
    result = check(person=person, title=rf.title("cstd-tq"), year=2016)
    assert result.eligible is True
    assert answers(result) == [
        (True, "Đạt 2 năm liên tục danh hiệu Chiến sĩ thi đua cấp Bộ, ngành (2015, 2016)"),
        (
            True,
            "Có sáng kiến phạm vi ảnh hưởng toàn quốc được công nhận trong các năm 2015–2016: «Mô hình hòa giải ở "
            "cơ sở» (2016)",
        ),
    ]
    assert result.reasons[0].legal_basis.startswith("Điều 21 Luật Thi đua, khen thưởng năm 2003")


def test_cstd_tq_one_year_and_a_ministry_initiative_are_not_enough(person):
    rf.awards("cstd-bo", [2014, 2016], person=person)
    rf.initiative(person, 2016, Level.MINISTRY)
    result = check(person=person, title=rf.title("cstd-tq"), year=2016)
    assert result.eligible is False
    assert answers(result) == [
        (False, "Chưa đủ 2 năm liên tục đạt danh hiệu Chiến sĩ thi đua cấp Bộ, ngành (đạt: 2016)"),
        (False, "Chưa có sáng kiến phạm vi ảnh hưởng toàn quốc được công nhận trong các năm 2015–2016"),
    ]


def test_the_2022_law_version_applies_from_2024(person):
    rf.rated(person, 2024, Rating.GOOD)
    result = check(person=person, title=rf.title("ldtt"), year=2024)
    assert result.eligible is True
    assert result.rule_name == "Tiêu chuẩn danh hiệu Lao động tiên tiến (Luật Thi đua, khen thưởng 2022)"
    assert result.legal_basis == (
        "Điều 24 Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP quy định chi tiết thi hành một "
        "số điều của Luật Thi đua, khen thưởng."
    )
