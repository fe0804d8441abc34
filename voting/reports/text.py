"""How the summary report writes its figures in Vietnamese: counts, rates, points, dates, lists of names, the
cluster's own word for itself. Shared by the narrative's draft and the frozen data of the PDF."""

import datetime
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from campaigns.documents import date_short, points_text
from campaigns.selectors.dashboard import Rate
from thidua.org.models import Cluster

__all__ = ["count_text", "date_short", "percent_text", "points_text"]

# How a cluster names itself in its report ("Cụm đã triển khai ...").
CLUSTER_WORDS = {Cluster.Kind.CUM: "Cụm", Cluster.Kind.KHOI: "Khối", Cluster.Kind.KHU_VUC: "Khu vực"}


def count_text(value: int) -> str:
    """1234 → "1.234": a dot between thousands, as Vietnamese write them."""
    return f"{value:,}".replace(",", ".")


def percent_text(value: Rate | Decimal | float | None, decimals: int = 1) -> str:
    """A rate in per cent: "100%" when whole, else with `decimals` and a decimal comma ("98,5%"); "—" for none."""
    if isinstance(value, Rate):
        value = value.percent
    if value is None:
        return "—"
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{int(rounded)}%"
    return f"{rounded}%".replace(".", ",")


def points_or_dash(value: Decimal | None) -> str:
    return "—" if value is None else points_text(value)


def date_or_dash(value: datetime.date | None) -> str:
    return date_short(value) if value else ""


def names_text(names: Sequence[str]) -> str:
    """ "A, B và C": the names of a list in one phrase."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} và {names[-1]}"


def cluster_word(kind: str) -> str:
    return CLUSTER_WORDS.get(kind, "Cụm")


def usual_title(name: str) -> str:
    """The name a title goes by: the usual name the catalogue gives in brackets ("Cờ thi đua của Bộ Tư pháp (Cờ thi
    đua ngành Tư pháp)" → "Cờ thi đua ngành Tư pháp"), else its name."""
    match = re.search(r"\(([^()]+)\)\s*$", name)
    return match[1].strip() if match else name
