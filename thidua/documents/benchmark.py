"""Render-time measurements for `make bench`: a document against the minimal page with the same fonts."""

import statistics
import time

from .rendering import render_pdf
from .samples import MINIMAL_TEMPLATE, minimal_data


def render_seconds(*, template_name: str, context: dict, repeat: int = 9, warmup: int = 2) -> float:
    """Median wall time of render_pdf in this process, after `warmup` renders (fonts loaded, templates cached)."""
    for _ in range(warmup):
        render_pdf(template_name=template_name, context=context)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        render_pdf(template_name=template_name, context=context)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def minimal_render_seconds(*, repeat: int = 9, warmup: int = 2) -> float:
    """The baseline: one short page with the documents' style sheet and the same four font faces."""
    return render_seconds(template_name=MINIMAL_TEMPLATE, context=minimal_data(), repeat=repeat, warmup=warmup)


def render_ratio(*, template_name: str, context: dict, repeat: int = 9) -> tuple[float, float, float]:
    """(document seconds, minimal seconds, ratio), measured alternately in the same warm process."""
    baseline = minimal_render_seconds(repeat=repeat)
    seconds = render_seconds(template_name=template_name, context=context, repeat=repeat)
    return seconds, baseline, seconds / baseline
