"""Speed of the ministry's summary report for `make bench` (issue 6, Speed): "the ministry-wide report at the large
size (1,000 units): seconds per page (goal ≤ 0.3 s) and the worker's peak memory (goal ≤ 1 GB)".

On the world the bench command built (seed_demo, then seed_scale's 1,000 units and 100,000 people), for the latest
year with cluster terms: the report's frozen data is built as the service builds it (ministry_figures, the draft
narrative, ministry_data: its seconds and queries are printed), then its PDF is rendered

- in this process, warm (after one rendering): the median seconds of a few renderings, per page;
- in a fresh Python process, as a worker renders it: that process's peak resident memory
  (resource.getrusage(RUSAGE_SELF).ru_maxrss, read by the process itself when it is done, so that no other child
  of the bench, a gunicorn for instance, counts), WeasyPrint's C libraries included.

Nothing is written to the database: the narrative is the draft the report page would offer.
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext as _

from thidua.core.bench import Goal
from thidua.documents.rendering import render_document
from thidua.org.models import ClusterTerm

from .reports import documents, selectors
from .reports.drafts import ministry_draft

PAGE_GOAL = 0.3  # seconds per page
MEMORY_GOAL_MB = 1024
WORKER_TIMEOUT = 600

# The rendering a worker does (documents.render → render_document), in a process of its own; it prints its pages,
# seconds and peak memory as JSON.
_WORKER = """
import json, resource, sys, time
import django
django.setup()
from thidua.documents.rendering import render_document
with open(sys.argv[1], encoding="utf-8") as source:
    job = json.load(source)
started = time.perf_counter()
result = render_document(template_name=job["template"], context=job["data"])
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak_mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
print(json.dumps({"pages": result.page_count, "seconds": seconds, "peak_mb": peak_mb}))
"""


def report_year() -> int:
    """The year with the most cluster terms, the latest of them on a tie: at the large size, the year of
    seed_scale's clusters (the demo's 2016)."""
    row = (
        ClusterTerm.objects.order_by()
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-year")
        .values_list("year", flat=True)
        .first()
    )
    return row or datetime.date.today().year


def ministry_report_data(year: int) -> tuple[dict, int, float]:
    """(frozen data, queries, seconds) of the ministry's report for `year`, built as report_document_build does."""
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        figures = selectors.ministry_figures(year)
        header = documents.ministry_header()
        data = documents.ministry_data(
            figures=figures,
            narrative=ministry_draft(figures),
            header=header,
            number=f"01/BC-{header.issuer_code}",
            date=datetime.date(year + 1, 1, 12),
        )
    return data, len(queries), time.perf_counter() - started


def worker_render(data: dict) -> dict:
    """Render `data` in a fresh process, as a worker would: {"pages", "seconds", "peak_mb"}."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as job:
        json.dump({"template": documents.REPORT_TEMPLATE, "data": data}, job, ensure_ascii=False)
    try:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "thidua.settings")}
        done = subprocess.run(
            [sys.executable, "-c", _WORKER, job.name],
            cwd=Path(settings.BASE_DIR),
            env=env,
            capture_output=True,
            text=True,
            timeout=WORKER_TIMEOUT,
            check=True,
        )
    finally:
        os.unlink(job.name)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_report(*, say: Callable[[str], None], repeat: int = 3) -> dict:
    """Measure and print (with `say`) the ministry report's figures:

    {"year", "units", "queries", "build_seconds", "pages", "seconds", "seconds_per_page", "worker_seconds",
     "peak_mb", "page_goal", "memory_goal_mb"}

    `seconds` is the median of `repeat` warm renderings in this process, after a first one."""
    year = report_year()
    data, queries, build_seconds = ministry_report_data(year)
    units = len(data["participation"]["units"])
    pages = render_document(template_name=documents.REPORT_TEMPLATE, context=data).page_count
    timings = []
    for _index in range(max(1, repeat)):
        started = time.perf_counter()
        render_document(template_name=documents.REPORT_TEMPLATE, context=data)
        timings.append(time.perf_counter() - started)
    seconds = statistics.median(timings)
    worker = worker_render(data)
    figures = {
        "year": year,
        "units": units,
        "queries": queries,
        "build_seconds": build_seconds,
        "pages": pages,
        "seconds": seconds,
        "seconds_per_page": seconds / pages,
        "worker_seconds": worker["seconds"],
        "peak_mb": worker["peak_mb"],
        "page_goal": PAGE_GOAL,
        "memory_goal_mb": MEMORY_GOAL_MB,
    }
    say(
        _(
            "Báo cáo tổng kết toàn Bộ năm %(year)s (%(units)s đơn vị): dữ liệu %(build).2f giây, %(queries)s truy vấn; "
            "PDF %(pages)s trang, %(s).2f giây, %(per).3f giây/trang (mục tiêu ≤ %(goal)g); tiến trình dựng riêng "
            "(như worker): %(worker).2f giây, bộ nhớ đỉnh %(peak).0f MB (mục tiêu ≤ %(memory)s MB)."
        )
        % {
            "year": year,
            "units": f"{units:,}",
            "build": build_seconds,
            "queries": queries,
            "pages": pages,
            "s": seconds,
            "per": figures["seconds_per_page"],
            "goal": PAGE_GOAL,
            "worker": worker["seconds"],
            "peak": worker["peak_mb"],
            "memory": MEMORY_GOAL_MB,
        }
    )
    return figures


def report_goals(figures: dict) -> list[Goal]:
    units = f"{figures['units']:,}"
    return [
        Goal(
            _("PDF báo cáo tổng kết toàn Bộ (%(units)s đơn vị): giây/trang") % {"units": units},
            f"≤ {figures['page_goal']:g}",
            f"{figures['seconds_per_page']:.3f}",
            figures["seconds_per_page"] <= figures["page_goal"],
        ),
        Goal(
            _("PDF báo cáo tổng kết toàn Bộ (%(units)s đơn vị): bộ nhớ đỉnh của worker (MB)") % {"units": units},
            f"≤ {figures['memory_goal_mb']}",
            f"{figures['peak_mb']:.0f}",
            figures["peak_mb"] <= figures["memory_goal_mb"],
        ),
    ]


def run_report_bench(*, say: Callable[[str], None] = print) -> list[Goal]:
    """Measure and print the summary report's figures; return the goals of issue 6's Speed section for it."""
    say("")
    say(_("== Báo cáo tổng kết =="))
    return report_goals(measure_report(say=say))
