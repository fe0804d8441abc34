"""The eligibility engine's figure for `make bench` (issue 4, Speed): check_many for 10 and for 10,000 people in
one batch must take the same number of queries; the seconds are reported beside.

Run on the bench world (seed_demo, then seed_scale: 100,000 people). The facts are synthetic and written with
bulk_create in emulation years no demo data uses (BENCH_YEAR and the two years before it), for the first people by
id, topped up with synthetic people when the world is smaller: a deterministic mix of chains that hold, chains with
a gap, missing initiatives and nothing at all, so that every branch of the answers runs. Safe to run twice.
"""

import statistics
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext as _

from campaigns.models import Initiative, PersonEvaluation
from thidua.org import services as org_services
from thidua.org.models import Person, Unit, UnitKind
from thidua.titles.models import Title

from .eligibility import Candidate, check_many
from .models import Award

BENCH_YEAR = 2020
SIZES = (10, 10_000)
TITLES = ("cstd-bo", "ldtt")
SYNTHETIC_UNIT = "Đơn vị mô phỏng (đo hiệu năng xét điều kiện)"
BATCH = 2000

Rating = PersonEvaluation.Rating
Discipline = PersonEvaluation.Discipline


def _people(n: int) -> list[tuple[int, str, int, str]]:
    """(id, full name, unit id, unit name) of the first `n` people by id, synthetic ones added when missing."""
    people = list(Person.objects.order_by("pk").values_list("pk", "full_name", "unit_id", "unit__name")[:n])
    missing = n - len(people)
    if missing > 0:
        unit = Unit.objects.filter(name=SYNTHETIC_UNIT, parent=None).first()
        if unit is None:
            kind = UnitKind.objects.get_or_create(
                code="mo-phong", defaults={"name": "Đơn vị mô phỏng", "head_title": "Thủ trưởng đơn vị"}
            )[0]
            unit = org_services.unit_create(actor=None, name=SYNTHETIC_UNIT, kind=kind, parent=None)
        Person.objects.bulk_create(
            [
                Person(
                    full_name=f"Cá nhân mô phỏng số {i}",
                    given_name=str(i),
                    unit=unit,
                    gender=Person.Gender.FEMALE,
                )
                for i in range(len(people) + 1, n + 1)
            ],
            batch_size=BATCH,
        )
        people = list(Person.objects.order_by("pk").values_list("pk", "full_name", "unit_id", "unit__name")[:n])
    return people


def build_facts(people: list[tuple[int, str, int, str]], *, year: int = BENCH_YEAR) -> None:
    """Bulk-create the facts the two measured rules read, for `people`; existing rows are left as they are.

    By position i: i % 4 == 0 holds the chain (Chiến sĩ thi đua cơ sở 3 years) and a ministry initiative;
    1: a gap in the chain; 2: the chain with a unit-level initiative only; 3: nothing. Every other person is rated
    "hoàn thành tốt", one in ten with a cảnh cáo; the rest are not rated.
    """
    titles = dict(Title.objects.filter(code__in=["cstdcs"]).values_list("code", "pk"))
    awards, initiatives, evaluations = [], [], []
    for i, (person_id, name, unit_id, unit_name) in enumerate(people):
        chain = {0: (year - 2, year - 1, year), 1: (year - 2, year), 2: (year - 2, year - 1, year)}.get(i % 4, ())
        awards += [
            Award(
                title_id=titles["cstdcs"],
                year=y,
                person_id=person_id,
                recipient_name=name,
                unit_name=unit_name,
                source=Award.Source.IMPORT,
                notes="Dữ liệu mô phỏng để đo hiệu năng.",
            )
            for y in chain
        ]
        if i % 4 in (0, 2):
            level = Initiative.Level.MINISTRY if i % 4 == 0 else Initiative.Level.UNIT
            initiatives.append(
                Initiative(person_id=person_id, year=year - 1, name=f"Sáng kiến mô phỏng {person_id}", level=level)
            )
        if i % 2 == 0:
            evaluations.append(
                PersonEvaluation(
                    person_id=person_id,
                    year=year,
                    unit_id=unit_id,
                    unit_name=unit_name,
                    rating=Rating.GOOD,
                    discipline=Discipline.WARNING if i % 10 == 0 else Discipline.NONE,
                )
            )
    with transaction.atomic():
        Award.objects.bulk_create(awards, batch_size=BATCH, ignore_conflicts=True)
        Initiative.objects.bulk_create(initiatives, batch_size=BATCH, ignore_conflicts=True)
        PersonEvaluation.objects.bulk_create(evaluations, batch_size=BATCH, ignore_conflicts=True)


def _measure(candidates: list[Candidate], title: Title, year: int, *, repeat: int) -> dict:
    timings, queries, eligible = [], None, 0
    for _run in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            results = check_many(candidates, title, year)
            timings.append(time.perf_counter() - started)
        queries = len(captured.captured_queries)
        eligible = sum(1 for answer in results.values() if answer.eligible)
    return {
        "title": title.code,
        "candidates": len(candidates),
        "queries": queries,
        "seconds": statistics.median(timings),
        "eligible": eligible,
    }


def measure_eligibility(
    *, say: Callable[[str], None] = print, sizes: tuple[int, ...] = SIZES, repeat: int = 3, year: int = BENCH_YEAR
) -> dict:
    """Build the facts, then time check_many on the first `sizes` people for each measured title.

    Returns {"year", "rows": [{"title", "candidates", "queries", "seconds", "eligible"}], "same_queries"}:
    same_queries is the goal (the number of queries does not grow with the batch).
    """
    started = time.monotonic()
    people = _people(max(sizes))
    build_facts(people, year=year)
    say(
        _("Xét điều kiện: dữ liệu của %(n)s cá nhân năm %(year)s sẵn sàng (%(s).1f giây).")
        % {"n": f"{len(people):,}", "year": year, "s": time.monotonic() - started}
    )
    candidates = [Candidate(person_id=person_id) for person_id, *_rest in people]
    rows = []
    for code in TITLES:
        title = Title.objects.get(code=code)
        check_many(candidates[:1], title, year)  # warm-up: connection, translations, content types
        for size in sizes:
            row = _measure(candidates[:size], title, year, repeat=repeat)
            rows.append(row)
            say(
                _("Xét điều kiện «%(title)s» cho %(n)s cá nhân: %(q)s truy vấn, %(s).3f giây, %(e)s đủ điều kiện.")
                % {
                    "title": title.name,
                    "n": f"{size:,}",
                    "q": row["queries"],
                    "s": row["seconds"],
                    "e": f"{row['eligible']:,}",
                }
            )
    same = all(len({row["queries"] for row in rows if row["title"] == code}) == 1 for code in TITLES)
    say(_("Số truy vấn không đổi theo số ứng viên: %(answer)s.") % {"answer": _("đạt") if same else _("KHÔNG ĐẠT")})
    return {"year": year, "rows": rows, "same_queries": same}
