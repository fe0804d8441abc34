"""The engine itself: subjects, years without a rule, rule versions, the snapshot, and a number of queries that
does not grow with the number of candidates."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards import eligibility
from awards.benchmark_eligibility import measure_eligibility
from awards.eligibility import Candidate, check, check_many
from awards.models import Condition, Rule
from awards.services.rules import rule_new_version
from campaigns.models import Initiative, PersonEvaluation
from tests import factories
from tests.awards import rules_factories as rf
from thidua.org.models import Person

pytestmark = pytest.mark.django_db

Rating = PersonEvaluation.Rating
Level = Initiative.Level


def test_a_collective_title_is_not_for_a_person_and_the_reverse(world):
    person = world.vu_a.people.get()
    result = check(person=person, title=rf.title("ttldtt"), year=2016)
    assert result.eligible is False
    assert [(r.met, r.kind, r.text) for r in result.reasons] == [
        (False, "subject", "Danh hiệu Tập thể lao động tiên tiến dành cho tập thể, không xét tặng cho cá nhân.")
    ]
    result = check(unit=world.vu_a, title=rf.title("cstdcs"), year=2016)
    assert [r.text for r in result.reasons] == [
        "Danh hiệu Chiến sĩ thi đua cơ sở dành cho cá nhân, không xét tặng cho tập thể."
    ]
    result = check(person=person, title=rf.title("co-cp"), year=2016)
    assert [r.text for r in result.reasons] == [
        "Cờ thi đua của Chính phủ dành cho tập thể, không xét tặng cho cá nhân."
    ]
    both = Candidate(person_id=person.pk, unit_id=world.vu_a.pk)
    answer = check_many([both], rf.title("ldtt"), 2016)[both]
    assert [r.text for r in answer.reasons] == ["Chưa xác định cá nhân hoặc tập thể được xét."]


def test_a_title_without_a_rule_for_the_year_is_eligible_and_says_so(world):
    person = world.vu_a.people.get()
    result = check(person=person, title=rf.title("bk-bo"), year=2016)
    assert result.eligible is True
    assert [(r.met, r.kind, r.text) for r in result.reasons] == [
        (
            True,
            "no_rule",
            "Chưa có quy định điều kiện xét tặng Bằng khen của Bộ trưởng Bộ Tư pháp áp dụng cho năm 2016: không có "
            "điều kiện nào phải đáp ứng.",
        )
    ]
    before = check(person=person, title=rf.title("ldtt"), year=2012)
    assert before.eligible is True
    assert before.reasons[0].text == (
        "Chưa có quy định điều kiện xét tặng danh hiệu Lao động tiên tiến áp dụng cho năm 2012: không có điều kiện "
        "nào phải đáp ứng."
    )
    assert before.rule_id is None


def test_a_rule_without_conditions_is_said(world):
    rule = Rule.objects.get(title__code="ldtt", valid_from=2013)
    rule.conditions.all().delete()
    result = check(person=world.vu_a.people.get(), title=rf.title("ldtt"), year=2016)
    assert result.eligible is True
    assert [(r.kind, r.text, r.rule_id) for r in result.reasons] == [
        (
            "no_rule",
            "Quy định «Tiêu chuẩn danh hiệu Lao động tiên tiến (Luật Thi đua, khen thưởng 2003)» không đặt điều kiện "
            "nào.",
            rule.pk,
        )
    ]


def test_the_snapshot_is_json_with_the_rule_and_every_reason(world):
    person = world.vu_a.people.get()
    rf.rated(person, 2016, Rating.COMPLETED)
    result = check(person=person, title=rf.title("ldtt"), year=2016)
    snapshot = result.as_json()
    rule = Rule.objects.get(title__code="ldtt", valid_from=2013)
    assert snapshot["eligible"] is False
    assert (snapshot["title_id"], snapshot["year"], snapshot["rule_id"]) == (rf.title("ldtt").pk, 2016, rule.pk)
    assert snapshot["reasons"][0] == {
        "met": False,
        "text": "Xếp loại năm 2016: Hoàn thành nhiệm vụ, chưa đạt mức từ «Hoàn thành tốt nhiệm vụ» trở lên",
        "kind": "rating",
        "rule_id": rule.pk,
        "rule_name": rule.name,
        "legal_basis": rule.legal_basis,
    }


def test_a_version_from_2025_leaves_the_2016_answer_as_it_was(world):
    person = factories.person(world.vu_a, "Phạm Văn Bền")
    rf.awards("cstdcs", [2014, 2015, 2016, 2023, 2024, 2025], person=person)
    rf.initiative(person, 2016, Level.MINISTRY)
    rf.initiative(person, 2025, Level.MINISTRY)
    title = rf.title("cstd-bo")
    before_2016 = check(person=person, title=title, year=2016).as_json()
    before_2025 = check(person=person, title=title, year=2025)
    assert before_2025.eligible is True

    current = Rule.objects.get(title=title, valid_from=2024)
    new = rule_new_version(actor=None, rule=current, valid_from=2025)
    Condition.objects.filter(rule=new, kind=Condition.Kind.CONSECUTIVE).update(years=5)
    new.legal_basis = "Điều 22 Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP."
    new.save()

    assert check(person=person, title=title, year=2016).as_json() == before_2016
    assert check(person=person, title=title, year=2024).rule_id == current.pk
    after_2025 = check(person=person, title=title, year=2025)
    assert after_2025.eligible is False
    assert after_2025.rule_id == new.pk
    assert after_2025.reasons[0].text == (
        "Chưa đủ 5 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở (đạt: 2023, 2024, 2025)"
    )
    assert after_2025.reasons[0].legal_basis == new.legal_basis


def test_answers_are_given_in_the_order_of_the_candidates_and_once_each(world):
    people = [factories.person(world.vu_b) for _ in range(3)]
    rf.rated(people[1], 2016, Rating.GOOD)
    candidates = [Candidate(person_id=p.pk) for p in people] + [Candidate(person_id=people[0].pk)]
    results = check_many(candidates, rf.title("ldtt").pk, 2016)
    assert list(results) == candidates[:3]
    assert [results[c].eligible for c in candidates[:3]] == [False, True, False]
    assert check_many([], rf.title("ldtt"), 2016) == {}


def _people(unit, n: int) -> list[Person]:
    Person.objects.bulk_create(
        [Person(full_name=f"Cá nhân số {i}", given_name=str(i), unit=unit, gender=Person.Gender.MALE) for i in range(n)]
    )
    return list(Person.objects.filter(unit=unit).order_by("pk"))


def _queries(candidates, title, year) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        results = check_many(candidates, title, year)
    return len(captured.captured_queries), results


def test_individual_checks_take_the_same_queries_for_10_and_1000_candidates(world, django_assert_num_queries):
    people = _people(factories.unit("Đơn vị đông người"), 1000)
    for person in people[:3]:
        rf.awards("cstdcs", [2014, 2015, 2016], person=person)
        rf.initiative(person, 2015, Level.MINISTRY)
    title = rf.title("cstd-bo")
    candidates = [Candidate(person_id=p.pk) for p in people]
    # The rule and its conditions, awards, nominations, initiatives.
    with django_assert_num_queries(5):
        few = check_many(candidates[:10], title, 2016)
    with django_assert_num_queries(5):
        many = check_many(candidates, title, 2016)
    assert sum(r.eligible for r in few.values()) == sum(r.eligible for r in many.values()) == 3
    ldtt = rf.title("ldtt")
    assert _queries(candidates[:10], ldtt, 2016)[0] == _queries(candidates, ldtt, 2016)[0] == 3


def test_collective_checks_take_the_same_queries_for_10_and_many_candidates(world):
    units = [rf.team(f"Tập thể {n}", 2016, advanced=3, completed=1) for n in range(30)]
    for unit in units[:5]:
        rf.unit_rated(unit, 2016, Rating.EXCELLENT)
    candidates = [Candidate(unit_id=u.pk) for u in units]
    title = rf.title("ttldxs")
    few_queries, few = _queries(candidates[:10], title, 2016)
    many_queries, many = _queries(candidates, title, 2016)
    # The rule and its conditions, unit ratings, members' discipline, collective facts (2).
    assert few_queries == many_queries == 6
    assert sum(r.eligible for r in many.values()) == 5
    banner = rf.title("co-cp")
    assert _queries(candidates[:10], banner, 2016)[0] == _queries(candidates, banner, 2016)[0] == 4


def test_above_the_in_limit_the_answers_are_the_same(world, monkeypatch):
    people = [factories.person(world.vu_b) for _ in range(6)]
    rf.awards("cstdcs", [2014, 2015, 2016], person=people[0])
    rf.awards("cstdcs", [2014, 2016], person=people[1])
    rf.initiative(people[0], 2016, Level.MINISTRY)
    outsider = factories.person(world.other)
    rf.awards("cstdcs", [2014, 2015, 2016], person=outsider)
    candidates = [Candidate(person_id=p.pk) for p in people]
    title = rf.title("cstd-bo")
    by_id = {c: r.as_json() for c, r in check_many(candidates, title, 2016).items()}
    monkeypatch.setattr(eligibility, "IN_LIMIT", 2)
    queries, results = _queries(candidates, title, 2016)
    assert {c: r.as_json() for c, r in results.items()} == by_id
    assert queries == 5
    with CaptureQueriesContext(connection) as captured:
        check_many(candidates, title, 2016)
    award_sql = next(q["sql"] for q in captured.captured_queries if "awards_award" in q["sql"])
    assert "IS NOT NULL" in award_sql  # above the limit no candidate list is sent


def test_the_benchmark_runs_on_a_small_world(world):
    lines = []
    figures = measure_eligibility(say=lines.append, sizes=(2, 12), repeat=1, year=2020)
    assert figures["same_queries"] is True
    assert [(r["title"], r["candidates"], r["queries"]) for r in figures["rows"]] == [
        ("cstd-bo", 2, 5),
        ("cstd-bo", 12, 5),
        ("ldtt", 2, 3),
        ("ldtt", 12, 3),
    ]
    # Positions 0, 4 and 8 hold the chain with a ministry initiative.
    assert figures["rows"][1]["eligible"] == 3
    assert lines[-1] == "Số truy vấn không đổi theo số ứng viên: đạt."
    assert Person.objects.filter(unit__name="Đơn vị mô phỏng (đo hiệu năng xét điều kiện)").count() == 6
    # Run again: nothing doubles.
    assert measure_eligibility(say=lines.append, sizes=(12,), repeat=1, year=2020)["rows"][0]["eligible"] == 3
