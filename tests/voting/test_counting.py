"""The pure count: quorum, threshold edges on each base, over-quota ballots, ties, pools with their own quotas."""

from decimal import Decimal
from fractions import Fraction

import pytest

from voting.counting import (
    AT_LEAST,
    ELECTED,
    ENTITLED,
    MORE_THAN,
    NO_RUNOFF,
    PRESENT,
    QUORUM,
    QUOTA,
    THRESHOLD,
    TIE,
    VALID,
    PoolSpec,
    Rules,
    count,
)

POOL = PoolSpec(id=1, quota=2, candidate_ids=(10, 11, 12))


def ballots(*rows, pool=1):
    return [{pool: list(row)} for row in rows]


def by_candidate(result):
    return {c.candidate_id: (c.votes, c.percent, c.passed, c.reason) for c in result.candidates}


def test_quorum_not_met_nobody_passes():
    # 5 of 8 present: 5/8 < 2/3.
    result = count(entitled=8, present=5, ballots=ballots([10], [10], [10], [10], [10]), pools=[POOL], rules=Rules())
    assert result.quorum_met is False
    assert by_candidate(result) == {
        10: (5, Decimal("100.00"), False, QUORUM),
        11: (0, Decimal("0.00"), False, QUORUM),
        12: (0, Decimal("0.00"), False, QUORUM),
    }
    assert result.winners == []


def test_quorum_exactly_two_thirds_is_met():
    result = count(entitled=9, present=6, ballots=ballots([10]), pools=[POOL], rules=Rules())
    assert result.quorum_met is True


def test_quorum_is_a_configurable_fraction():
    rules = Rules(quorum=Fraction(9, 10))
    assert count(entitled=10, present=8, ballots=[], pools=[POOL], rules=rules).quorum_met is False
    assert count(entitled=10, present=9, ballots=[], pools=[POOL], rules=rules).quorum_met is True


def test_nobody_entitled_is_no_quorum():
    assert count(entitled=0, present=0, ballots=[], pools=[POOL], rules=Rules()).quorum_met is False


@pytest.mark.parametrize(
    ("comparison", "votes", "passed"),
    [(MORE_THAN, 5, False), (MORE_THAN, 6, True), (AT_LEAST, 5, True), (AT_LEAST, 4, False)],
)
def test_threshold_edge_of_valid_ballots(comparison, votes, passed):
    # 10 valid ballots, 50%: exactly 5 is "at least" but not "more than".
    rows = [[10]] * votes + [[]] * (10 - votes)
    result = count(entitled=10, present=10, ballots=ballots(*rows), pools=[POOL], rules=Rules(comparison=comparison))
    votes_, _percent, passed_, reason = by_candidate(result)[10]
    assert (votes_, passed_, reason) == (votes, passed, ELECTED if passed else THRESHOLD)


@pytest.mark.parametrize(
    ("base", "comparison", "votes", "passed"),
    [
        # Base entitled = 12: 2/3 is exactly 8 votes.
        (ENTITLED, AT_LEAST, 8, True),
        (ENTITLED, AT_LEAST, 7, False),
        (ENTITLED, MORE_THAN, 8, False),
        (ENTITLED, MORE_THAN, 9, True),
        # Base present = 9: 2/3 is exactly 6 votes.
        (PRESENT, AT_LEAST, 6, True),
        (PRESENT, AT_LEAST, 5, False),
        (PRESENT, MORE_THAN, 6, False),
        (PRESENT, MORE_THAN, 7, True),
    ],
)
def test_threshold_edge_of_entitled_and_present(base, comparison, votes, passed):
    # A threshold of 2/3 written as a percentage cannot be a decimal: 66.67% must not pass 8/12 (66.666…%).
    rules = Rules(threshold_percent=Fraction(200, 3), base=base, comparison=comparison)
    rows = [[10]] * votes + [[]] * (9 - votes)
    result = count(entitled=12, present=9, ballots=ballots(*rows), pools=[POOL], rules=rules)
    assert by_candidate(result)[10][2:] == (passed, ELECTED if passed else THRESHOLD)


def test_percent_is_of_the_base_rounded_for_display():
    rows = [[10]] * 2 + [[]]
    result = count(entitled=3, present=3, ballots=ballots(*rows), pools=[POOL], rules=Rules(base=VALID))
    assert by_candidate(result)[10][1] == Decimal("66.67")


def test_a_ballot_over_the_quota_is_invalid_and_not_counted():
    rows = [[10, 11, 12], [10], [10, 11]]
    result = count(entitled=3, present=3, ballots=ballots(*rows), pools=[POOL], rules=Rules())
    assert (result.ballots, result.valid, result.invalid) == (3, 2, 1)
    assert by_candidate(result)[10][0] == 2
    assert by_candidate(result)[12][0] == 0
    # 1 of 2 valid ballots is 50%, not more than 50%.
    assert by_candidate(result)[11][2:] == (False, THRESHOLD)


def test_more_passing_than_the_quota_the_lowest_are_beyond_it():
    rows = [[10, 11], [10, 11], [10, 12], [10, 11], [11, 12]]
    result = count(entitled=5, present=5, ballots=ballots(*rows), pools=[POOL], rules=Rules())
    # 10: 4, 11: 4, 12: 2 of 5 (40%, below the threshold).
    assert result.winners == [10, 11]
    assert by_candidate(result)[12][2:] == (False, THRESHOLD)

    pool = PoolSpec(id=1, quota=1, candidate_ids=(10, 11, 12))
    rows = [[10], [10], [10], [11], [11], [11], [10]]
    result = count(
        entitled=7,
        present=7,
        ballots=ballots(*rows),
        pools=[pool],
        rules=Rules(base=ENTITLED, comparison=AT_LEAST, threshold_percent=Fraction(40)),
    )
    assert by_candidate(result)[10][2:] == (True, ELECTED)
    assert by_candidate(result)[11][2:] == (False, QUOTA)


def test_a_tie_at_the_quota_edge_calls_a_runoff():
    rows = [[10, 11], [10, 12], [10, 11], [10, 12], [11, 12]]
    # 10: 4, 11: 3, 12: 3 of 5: all above 50%; quota 2: 10 wins, 11 and 12 tie for the last place.
    result = count(entitled=5, present=5, ballots=ballots(*rows), pools=[POOL], rules=Rules())
    assert result.winners == [10]
    assert by_candidate(result)[11][2:] == (False, TIE)
    assert by_candidate(result)[12][2:] == (False, TIE)
    assert result.runoff == {1: (1, (11, 12))}


def test_a_tie_that_fits_in_the_places_left_elects_all_tied():
    pool = PoolSpec(id=1, quota=3, candidate_ids=(10, 11, 12, 13))
    rows = [[10, 11, 12], [10, 11, 12], [10, 11, 12], [10, 13], [13]]
    result = count(entitled=5, present=5, ballots=ballots(*rows), pools=[pool], rules=Rules())
    assert result.winners == [10, 11, 12]
    assert result.runoff == {}


def test_tie_rule_none_elects_none_of_the_tied_and_calls_no_runoff():
    rows = [[10, 11], [10, 12], [10, 11], [10, 12], [11, 12]]
    result = count(entitled=5, present=5, ballots=ballots(*rows), pools=[POOL], rules=Rules(tie_rule=NO_RUNOFF))
    assert result.winners == [10]
    assert by_candidate(result)[11][3] == TIE
    assert result.runoff == {}


def test_pools_have_their_own_quotas_and_one_over_quota_pool_invalidates_the_ballot():
    so = PoolSpec(id=1, quota=1, candidate_ids=(10, 11))
    cuc = PoolSpec(id=2, quota=2, candidate_ids=(20, 21, 22))
    rows = [
        {1: [10], 2: [20, 21]},
        {1: [10], 2: [20, 22]},
        {1: [11], 2: [20, 21]},
        {1: [10, 11], 2: [20]},  # over the first pool's quota: invalid as a whole
    ]
    result = count(entitled=4, present=4, ballots=rows, pools=[so, cuc], rules=Rules())
    assert (result.valid, result.invalid) == (3, 1)
    assert result.winners == [10, 20, 21]
    assert by_candidate(result)[11][:1] == (1,)
    assert by_candidate(result)[22][2:] == (False, THRESHOLD)


def test_no_valid_ballot_nobody_passes_on_the_valid_base():
    result = count(entitled=3, present=3, ballots=ballots([10, 11, 12]), pools=[POOL], rules=Rules())
    assert result.valid == 0
    assert result.winners == []
    assert {c.reason for c in result.candidates} == {THRESHOLD}
