"""The registration dashboard's figures: exact rates per unit, cluster and in all, titles, who has not registered."""

import pytest

from campaigns.selectors import dashboard as selectors
from thidua.org.models import Person

from .fixtures_imports import YEAR, figures  # noqa: F401

pytestmark = pytest.mark.django_db


def percent(rate) -> str:
    return f"{rate.percent:.1f}".replace(".", ",") + " %"


def test_rate_arithmetic():
    assert selectors.Rate(4, 3).percent == 75
    assert selectors.Rate(3, 2).missing == 1
    assert percent(selectors.Rate(3, 2)) == "66,7 %"
    assert selectors.Rate(0, 0).percent is None


def test_the_board_sees_the_ministry_every_unit_and_cluster(figures):  # noqa: F811
    board = figures.users["board"]

    total = selectors.total_rate(board, year=YEAR)
    assert (total.active, total.registered) == (10, 4)  # 1 + 4 + 2 + 1 + 1 + 1 active people; 3 + 1 counted
    assert percent(total) == "40,0 %"

    units = {
        u.name: (u.active, u.registered, u.sheet_status, u.collective_title)
        for u in selectors.unit_rates(board, year=YEAR)
    }
    assert units == {
        "Bộ Tư pháp": (1, 0, None, None),
        "Vụ Pháp luật dân sự - kinh tế": (4, 3, "submitted", "Tập thể lao động xuất sắc"),
        "Vụ Tổ chức cán bộ": (2, 0, "draft", None),
        "Cục THADS tỉnh Yên Bái": (1, 1, "approved", None),
        "Chi cục THADS huyện Văn Yên": (1, 0, None, None),
        "Sở Tư pháp tỉnh Hòa Bình": (1, 0, None, None),
    }

    (term,) = selectors.cluster_rates(board, year=YEAR)
    assert (term.cluster.name, term.members, term.rate.active, term.rate.registered) == ("Cụm thi đua số I", 2, 6, 3)
    assert percent(term.rate) == "50,0 %"
    assert selectors.cluster_rates(board, year=2017) == []


def test_units_sort_by_rate_and_filter_by_name(figures):  # noqa: F811
    board = figures.users["board"]

    by_rate = [u.name for u in selectors.unit_rates(board, year=YEAR, sort="rate")]
    assert by_rate == [
        "Bộ Tư pháp",
        "Chi cục THADS huyện Văn Yên",
        "Sở Tư pháp tỉnh Hòa Bình",
        "Vụ Tổ chức cán bộ",
        "Vụ Pháp luật dân sự - kinh tế",
        "Cục THADS tỉnh Yên Bái",
    ]
    assert [u.name for u in selectors.unit_rates(board, year=YEAR, q="to chuc")] == ["Vụ Tổ chức cán bộ"]


def test_counts_per_title_separate_sent_sheets_from_drafts(figures):  # noqa: F811
    rows = [(r.title, r.counted, r.pending) for r in selectors.title_counts(figures.users["board"], year=YEAR)]

    assert rows == [
        ("Lao động tiên tiến", 4, 1),
        ("Chiến sĩ thi đua cơ sở", 1, 0),
        ("Tập thể lao động xuất sắc", 1, 0),
    ]


def test_who_has_not_registered(figures):  # noqa: F811
    board = figures.users["board"]

    people = list(selectors.not_registered(board, year=YEAR))
    assert {(p.full_name, p.unit.name, p.pending) for p in people} == {
        (f"Trần Văn {figures.ministry.pk}", "Bộ Tư pháp", False),
        (f"Trần Văn {figures.vu_b.pk}", "Vụ Tổ chức cán bộ", True),  # registered on a draft: not counted
        ("Cán bộ Số 000", "Vụ Tổ chức cán bộ", False),
        ("Cán bộ Số 002", "Vụ Pháp luật dân sự - kinh tế", False),
        (f"Trần Văn {figures.chi_cuc.pk}", "Chi cục THADS huyện Văn Yên", False),
        (f"Trần Văn {figures.other.pk}", "Sở Tư pháp tỉnh Hòa Bình", False),
    }
    # In the people's list order (Vietnamese, by given name).
    assert people == list(Person.objects.filter(pk__in=[p.pk for p in people]))
    assert [p.full_name for p in selectors.not_registered(board, year=YEAR, unit=figures.vu_a)] == ["Cán bộ Số 002"]


def test_unit_staff_see_their_own_units_and_their_clusters(figures):  # noqa: F811
    staff = figures.users["staff_a"]

    total = selectors.total_rate(staff, year=YEAR)
    assert (total.active, total.registered, percent(total)) == (4, 3, "75,0 %")
    assert [u.name for u in selectors.unit_rates(staff, year=YEAR)] == ["Vụ Pháp luật dân sự - kinh tế"]
    assert [(t.cluster.name, t.rate.active, t.rate.registered) for t in selectors.cluster_rates(staff, year=YEAR)] == [
        ("Cụm thi đua số I", 6, 3)
    ]
    assert [(r.title, r.counted, r.pending) for r in selectors.title_counts(staff, year=YEAR)] == [
        ("Lao động tiên tiến", 3, 0),
        ("Chiến sĩ thi đua cơ sở", 1, 0),
        ("Tập thể lao động xuất sắc", 1, 0),
    ]
    assert [p.full_name for p in selectors.not_registered(staff, year=YEAR)] == ["Cán bộ Số 002"]

    # The staff of the Cục see its Chi cục too; the Sở's staff see none of the figures above.
    cuc = selectors.total_rate(figures.users["staff_cuc"], year=YEAR)
    assert (cuc.active, cuc.registered) == (2, 1)
    assert selectors.cluster_rates(figures.users["staff_other"], year=YEAR) == []


def test_a_person_who_moved_counts_where_they_work_now(figures, titles):  # noqa: F811
    moved = Person.objects.get(full_name="Cán bộ Số 001", unit=figures.vu_a)
    moved.unit = figures.other
    moved.save()
    board = figures.users["board"]

    units = {u.name: (u.active, u.registered) for u in selectors.unit_rates(board, year=YEAR)}
    assert units["Vụ Pháp luật dân sự - kinh tế"] == (3, 2)
    assert units["Sở Tư pháp tỉnh Hòa Bình"] == (2, 1)
    total = selectors.total_rate(board, year=YEAR)
    assert (total.active, total.registered) == (10, 4)
