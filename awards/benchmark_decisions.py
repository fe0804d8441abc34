"""Render-time figures of decisions for `make bench` (issue 4, Speed):

- a 1–2 page decision (the seed's: the sector banner to the four units of Cluster I) rendered in a warm process, as
  a ratio to the minimal one-page document with the same fonts in the same process (goal ≤ 3);
- a decision whose annex lists 1,000 people: seconds per page (goal ≤ 0.3 s) and the memory the rendering needs.

Memory is the process's resident set as the kernel reports it (resource.getrusage(RUSAGE_SELF).ru_maxrss, the
high-water mark): what a worker needs, WeasyPrint's C libraries (Pango, HarfBuzz) included, which tracemalloc
would not see. It is read before and after the first rendering of the large decision, in a process already warm
from the small ones: `peak_rss_mb` is the worker's peak after it, `rss_growth_mb` what that rendering added to the
peak (0 would mean it fit in memory the process had already used).

The frozen data is built by the same function the services use (awards.documents.decision_data) from unsaved model
instances: no database is needed, and the figures measure rendering alone. The 1,000 people are synthetic
(common Vietnamese family, middle and given names combined in a fixed order), not from the seed.
"""

import datetime
import resource
import statistics
import sys
import time
from collections.abc import Callable

from django.utils.translation import gettext as _

from thidua.core.bench import Goal
from thidua.documents.benchmark import minimal_render_seconds, render_seconds
from thidua.documents.rendering import render_document
from thidua.titles.models import Title

from .documents import (
    DECISION_TEMPLATE,
    DEFAULT_RECIPIENTS,
    DecisionText,
    Line,
    award_subject_default,
    decision_data,
    legal_bases_default,
)

RATIO_GOAL = 3.0
PAGE_GOAL = 0.3  # seconds per page
ANNEX_PEOPLE = 1000

SECTOR_BANNER = Title(
    code="co-bo",
    name="Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)",
    subject=Title.Subject.COLLECTIVE,
    category=Title.Category.EMULATION,
    level=Title.Level.MINISTRY,
)
UNIT_FIGHTER = Title(
    code="cstdcs",
    name="Chiến sĩ thi đua cơ sở",
    subject=Title.Subject.INDIVIDUAL,
    category=Title.Category.EMULATION,
    level=Title.Level.UNIT,
)
# The seed: Cluster I's 2016 ballot for the sector banner.
CLUSTER_I_BANNER = [
    "Vụ Các vấn đề chung về xây dựng pháp luật",
    "Vụ Pháp luật dân sự - kinh tế",
    "Vụ Pháp luật quốc tế",
    "Vụ Tổ chức cán bộ",
]
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
_MIDDLE = ("Văn", "Thị", "Minh", "Thanh", "Quốc", "Thu", "Đức", "Ngọc", "Hữu", "Kim")
_GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hằng", "Hưng", "Lan", "Long")
_UNITS = (
    "Cục Thi hành án dân sự tỉnh Yên Bái",
    "Cục Thi hành án dân sự tỉnh Hà Giang",
    "Sở Tư pháp tỉnh Thái Nguyên",
    "Chi cục Thi hành án dân sự huyện Văn Yên, tỉnh Yên Bái",
    "Vụ Pháp luật dân sự - kinh tế",
)
_POSITIONS = ("Chuyên viên", "Chuyên viên chính", "Chấp hành viên", "Thẩm tra viên", "Phó Trưởng phòng")


def _text(title: Title, *, number: str) -> DecisionText:
    date = datetime.date(2017, 1, 5)
    return DecisionText(
        kind="award",
        year=2016,
        issuer_parent="",
        issuer_name="Bộ Tư pháp",
        number_text=number,
        place="Hà Nội",
        date=date,
        subject=award_subject_default(title, 2016),
        legal_bases="\n".join(legal_bases_default(date)),
        proposal="Xét đề nghị của Vụ trưởng Vụ Thi đua - Khen thưởng",
        closing_articles="",
        recipients="\n".join(DEFAULT_RECIPIENTS),
        signer_authority="KT. BỘ TRƯỞNG",
        signer_position="THỨ TRƯỞNG",
        signer_name="Trần Tiến Dũng",
    )


def sample_banner_data() -> dict:
    """The sector banner of 2016 to the four units of Cluster I the seed names: Điều 1 lists them."""
    items = [Line(name=name) for name in CLUSTER_I_BANNER]
    return decision_data(text=_text(SECTOR_BANNER, number="05/QĐ-BTP"), items=items, title=SECTOR_BANNER)


def synthetic_people(count: int) -> list[Line]:
    """`count` people with a position and a unit each, the same list every time."""
    people = []
    for index in range(count):
        name = f"{_FAMILY[index % 10]} {_MIDDLE[index // 10 % 10]} {_GIVEN[index // 100 % 10]}"
        people.append(
            Line(
                name=name,
                position=_POSITIONS[index % len(_POSITIONS)],
                unit_name=_UNITS[index // 7 % len(_UNITS)],
                is_person=True,
            )
        )
    return people


def sample_annex_data(people: int = ANNEX_PEOPLE) -> dict:
    """Chiến sĩ thi đua cơ sở 2016 to `people` people: Điều 1 refers to the annex, which lists them in a table."""
    items = synthetic_people(people)
    return decision_data(text=_text(UNIT_FIGHTER, number="12/QĐ-BTP"), items=items, title=UNIT_FIGHTER)


def _max_rss_mb() -> float:
    # Linux reports kilobytes, macOS bytes.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def measure_decisions(*, say: Callable[[str], None], repeat: int = 9, annex_people: int = ANNEX_PEOPLE) -> dict:
    """Measure and print (with `say`) the two figures:

    {"decision": {"seconds", "baseline", "ratio", "pages", "goal"},
     "annex": {"people", "pages", "seconds", "seconds_per_page", "goal", "peak_rss_mb", "rss_growth_mb"}}

    Seconds are medians: the small decision over `repeat` renders after two warm-up ones, its baseline the minimal
    page measured before and after it (averaged, so that a burst of load weighs on both sides); the large one over
    max(1, repeat // 3) renders after the first, which is the one whose memory is read.
    """
    banner = sample_banner_data()
    before = minimal_render_seconds(repeat=repeat)
    seconds = render_seconds(template_name=DECISION_TEMPLATE, context=banner, repeat=repeat)
    after = minimal_render_seconds(repeat=repeat)
    baseline = (before + after) / 2
    small = {
        "seconds": seconds,
        "baseline": baseline,
        "ratio": seconds / baseline,
        "pages": render_document(template_name=DECISION_TEMPLATE, context=banner).page_count,
        "goal": RATIO_GOAL,
    }
    say(
        _(
            "Quyết định %(pages)s trang (Cờ thi đua ngành, 4 tập thể): %(ms).1f ms, trang tối thiểu %(base).1f ms, "
            "tỷ lệ %(ratio).2f (mục tiêu ≤ %(goal)g)."
        )
        % {
            "pages": small["pages"],
            "ms": seconds * 1000,
            "base": baseline * 1000,
            "ratio": small["ratio"],
            "goal": RATIO_GOAL,
        }
    )

    annex = sample_annex_data(annex_people)
    rss_before = _max_rss_mb()
    started = time.perf_counter()
    pages = render_document(template_name=DECISION_TEMPLATE, context=annex).page_count
    first = time.perf_counter() - started
    rss_after = _max_rss_mb()
    timings = [first]
    for _index in range(max(1, repeat // 3)):
        started = time.perf_counter()
        render_document(template_name=DECISION_TEMPLATE, context=annex)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings[1:])
    large = {
        "people": annex_people,
        "pages": pages,
        "seconds": median,
        "seconds_per_page": median / pages,
        "goal": PAGE_GOAL,
        "peak_rss_mb": rss_after,
        "rss_growth_mb": rss_after - rss_before,
    }
    say(
        _(
            "Quyết định kèm danh sách %(people)s người: %(pages)s trang, %(s).2f giây, %(per).3f giây/trang "
            "(mục tiêu ≤ %(goal)g); bộ nhớ đỉnh của tiến trình %(peak).0f MB (tăng %(growth).0f MB khi dựng)."
        )
        % {
            "people": annex_people,
            "pages": pages,
            "s": median,
            "per": large["seconds_per_page"],
            "goal": PAGE_GOAL,
            "peak": rss_after,
            "growth": large["rss_growth_mb"],
        }
    )
    return {"decision": small, "annex": large}


def decision_goals(figures: dict) -> list[Goal]:
    """The goals of measure_decisions() for the summary of `manage.py bench`."""
    small, large = figures["decision"], figures["annex"]
    return [
        Goal(
            _("PDF quyết định %(pages)s trang: thời gian dựng / trang tối thiểu") % {"pages": small["pages"]},
            f"≤ {small['goal']:g}",
            f"{small['ratio']:.2f}",
            small["ratio"] <= small["goal"],
        ),
        Goal(
            _("PDF quyết định kèm danh sách %(people)s người: giây/trang") % {"people": f"{large['people']:,}"},
            f"≤ {large['goal']:g}",
            f"{large['seconds_per_page']:.3f}",
            large["seconds_per_page"] <= large["goal"],
        ),
    ]
