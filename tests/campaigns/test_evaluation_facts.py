"""The collective facts the award rules read: members, the Lao động tiên tiến share, completion, discipline."""

from decimal import Decimal
from fractions import Fraction

import pytest

from campaigns.models import PersonEvaluation
from campaigns.selectors.evaluation import collective_facts, collective_facts_many
from tests import factories
from tests.campaigns.fixtures_evaluation import rate
from thidua.org import services as org_services

pytestmark = pytest.mark.django_db

R = PersonEvaluation.Rating
D = PersonEvaluation.Discipline


@pytest.fixture
def ten(world):
    """Vụ A with 10 people (its world person and 9 more): 3 excellent, 4 good, 3 completed."""
    people = [world.vu_a.people.get()] + [factories.person(world.vu_a) for _ in range(9)]
    for person, rating in zip(people, [R.EXCELLENT] * 3 + [R.GOOD] * 4 + [R.COMPLETED] * 3, strict=True):
        rate(person, 2016, rating)
    return people


def test_seven_of_ten_worthy_everyone_completed_nobody_warned(world, ten):
    facts = collective_facts(world.vu_a, 2016)
    assert (facts.members, facts.evaluated, facts.not_evaluated) == (10, 10, 0)
    assert facts.rating_counts == {"xuat_sac": 3, "tot": 4, "hoan_thanh": 3, "khong_hoan_thanh": 0}
    assert facts.advanced_worthy == 7
    assert facts.advanced_share == Fraction(7, 10)
    assert facts.advanced_percent == Decimal("70.00")
    assert facts.all_completed is True
    assert facts.completed_percent == Decimal("100.00")
    assert facts.anyone_disciplined_serious is False


def test_a_reprimand_keeps_the_person_worthy_a_warning_does_not_and_raises_the_flag(world, ten):
    rate(ten[0], 2016, R.EXCELLENT, D.REPRIMAND)
    facts = collective_facts(world.vu_a, 2016)
    assert (facts.advanced_worthy, facts.disciplined_serious) == (7, 0)
    rate(ten[1], 2016, R.EXCELLENT, D.WARNING)
    facts = collective_facts(world.vu_a, 2016)
    assert (facts.advanced_worthy, facts.advanced_percent, facts.disciplined_serious) == (6, Decimal("60.00"), 1)
    assert facts.anyone_disciplined_serious is True
    assert facts.all_completed is True  # discipline is not the rating


def test_one_not_completed_breaks_everyone_completed(world, ten):
    rate(ten[9], 2016, R.NOT_COMPLETED)
    facts = collective_facts(world.vu_a, 2016)
    assert facts.all_completed is False
    assert facts.completed_percent == Decimal("90.00")
    assert facts.rating_counts["khong_hoan_thanh"] == 1


def test_active_people_not_rated_count_as_members_not_rated(world, ten):
    factories.person(world.vu_a)
    factories.person(world.vu_a)
    factories.person(world.vu_a, is_active=False)  # left the unit unrated: not a member
    facts = collective_facts(world.vu_a, 2016)
    assert (facts.members, facts.evaluated, facts.not_evaluated) == (12, 10, 2)
    assert facts.advanced_share == Fraction(7, 12)
    assert facts.advanced_percent == Decimal("58.33")
    assert facts.all_completed is False


def test_the_unit_alone_not_its_sub_units(world):
    rate(world.cuc.people.get(), 2016, R.GOOD)
    rate(world.chi_cuc.people.get(), 2016, R.NOT_COMPLETED, D.WARNING)
    cuc = collective_facts(world.cuc, 2016)
    assert (cuc.members, cuc.advanced_worthy, cuc.all_completed, cuc.anyone_disciplined_serious) == (1, 1, True, False)


def test_people_count_where_they_were_rated_that_year(world):
    person = world.vu_a.people.get()
    rate(person, 2016, R.EXCELLENT)
    person.unit = world.vu_b
    org_services.person_save(actor=None, person=person)
    assert collective_facts(world.vu_a, 2016).members == 1
    # Vụ B: its own (unrated) person; the newcomer was rated by Vụ A in 2016.
    b = collective_facts(world.vu_b, 2016)
    assert (b.members, b.evaluated) == (1, 0)
    # In 2017 the newcomer is a member of Vụ B, not yet rated.
    assert collective_facts(world.vu_b, 2017).members == 2


def test_no_members(world):
    empty = factories.unit("Vụ Hợp tác quốc tế")
    facts = collective_facts(empty, 2016)
    assert (facts.members, facts.advanced_share, facts.advanced_percent, facts.all_completed) == (
        0,
        Fraction(0),
        Decimal("0.00"),
        False,
    )


def test_the_batch_takes_two_queries_for_any_number_of_units(world, ten, django_assert_num_queries):
    units = [factories.unit(f"Vụ số {i}") for i in range(5)]
    for unit in units:
        rate(factories.person(unit), 2016, R.GOOD)
    with django_assert_num_queries(2):
        one = collective_facts_many([world.vu_a], 2016)
    with django_assert_num_queries(2):
        many = collective_facts_many([world.vu_a, *units, world.vu_b.pk], 2016)
    assert one[world.vu_a.pk] == many[world.vu_a.pk]
    assert [(f.members, f.advanced_worthy) for f in many.values()] == [(10, 7)] + [(1, 1)] * 5 + [(1, 0)]
