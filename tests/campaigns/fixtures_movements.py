"""Builders for the movements, covenants and exemplary tests: built through the services, like the demo data."""

import datetime
import html
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.documents import PlanInputs
from campaigns.models import Covenant, Movement
from campaigns.services.covenants import covenant_create, covenant_sign
from campaigns.services.movements import movement_create
from tests import factories
from thidua.org.models import ClusterMembership, ClusterTerm, Role, Unit

# Cluster I of the seed (2016: 11 units; the last six are real units of the Ministry, not named in the article).
CLUSTER_I_UNITS = [
    ("Vụ Các vấn đề chung về xây dựng pháp luật", "Vụ CVĐCXDPL"),
    ("Văn phòng Bộ", "VP Bộ"),
    ("Vụ Pháp luật dân sự - kinh tế", "Vụ PLDSKT"),
    ("Vụ Tổ chức cán bộ", "Vụ TCCB"),
    ("Vụ Pháp luật quốc tế", "Vụ PLQT"),
    ("Vụ Pháp luật hình sự - hành chính", "Vụ PLHSHC"),
    ("Vụ Hợp tác quốc tế", "Vụ HTQT"),
    ("Vụ Kế hoạch - Tài chính", "Vụ KHTC"),
    ("Thanh tra Bộ", "TTB"),
    ("Vụ Thi đua - Khen thưởng", "Vụ TĐKT"),
    ("Cục Công nghệ thông tin", "Cục CNTT"),
]
HEADS = [
    "Nguyễn Hồng Hải",
    "Trần Văn Quảng",
    "Lê Thị Kim Thanh",
    "Phạm Quang Hưng",
    "Đỗ Thị Hoa",
    "Vũ Văn Tiến",
    "Hoàng Minh Đức",
    "Bùi Thị Lan",
    "Đặng Văn Hùng",
    "Ngô Thị Hằng",
    "Trịnh Quốc Bảo",
]
SCORE_TABLE = [
    ("Thực hiện nhiệm vụ chuyên môn được giao theo kế hoạch năm", Decimal("40")),
    ("Tổ chức các phong trào thi đua, đăng ký và ký kết giao ước thi đua", Decimal("20")),
    ("Ứng dụng công nghệ thông tin trong công tác chuyên môn", Decimal("15")),
    ("Xây dựng cơ quan, đơn vị vững mạnh; thực hiện văn hóa công sở", Decimal("12.5")),
    ("Công tác khen thưởng, phát hiện và nhân rộng điển hình tiên tiến", Decimal("12.5")),
]
TARGETS = (
    "100% công chức, viên chức, người lao động đăng ký thi đua ngay từ đầu năm.\n"
    "Hoàn thành đúng tiến độ, bảo đảm chất lượng các dự án, đề án được giao chủ trì trong Chương trình công tác "
    "năm của Bộ.\n"
    "Đẩy mạnh ứng dụng công nghệ thông tin trong quản lý, điều hành và xử lý công việc chuyên môn.\n"
    "Không có công chức, viên chức bị kỷ luật từ hình thức cảnh cáo trở lên."
)
GOALS = (
    "Phát huy tinh thần thi đua yêu nước, tạo động lực để công chức, viên chức hoàn thành xuất sắc nhiệm vụ.\n"
    "Đẩy mạnh ứng dụng công nghệ thông tin trong công tác chuyên môn, nâng cao hiệu quả công việc."
)
CONTENT = (
    "Thi đua xây dựng và khai thác các cơ sở dữ liệu chuyên ngành, sử dụng văn bản điện tử thay văn bản giấy.\n"
    "Thi đua đề xuất sáng kiến, giải pháp ứng dụng công nghệ thông tin có hiệu quả trong công tác chuyên môn."
)
KINDS = {
    "Văn": ("van-phong", "Văn phòng", "Chánh Văn phòng"),
    "Thanh": ("thanh-tra", "Thanh tra", "Chánh Thanh tra"),
    "Cục": ("cuc", "Cục", "Cục trưởng"),
}
IT_MOVEMENT = "Đẩy mạnh ứng dụng công nghệ thông tin trong công tác chuyên môn"


def cluster_i(ministry: Unit, year: int = 2017) -> ClusterTerm:
    """Cluster I with its 11 units under `ministry`, each with its head; the first leads, the second deputises."""
    units = []
    for (name, short_name), head in zip(CLUSTER_I_UNITS, HEADS, strict=True):
        unit_kind = KINDS.get(name.split(" ")[0])
        unit_kind = factories.kind(*unit_kind) if unit_kind else None
        unit = Unit.objects.filter(name=name, parent=ministry).first() or factories.unit(
            name, parent=ministry, short_name=short_name, unit_kind=unit_kind
        )
        factories.person(unit, head, position=unit.display_head_title)
        units.append(unit)
    return factories.term("Cụm thi đua số I", year, units, leader=units[0], deputies=[units[1]])


def staff_of(unit: Unit, username: str | None = None):
    return factories.user(username or f"staff{unit.pk}", role=Role.UNIT_STAFF, unit_=unit)


def members_of(term: ClusterTerm) -> list[Unit]:
    return [m.unit for m in ClusterMembership.objects.filter(term=term).select_related("unit", "unit__kind")]


def make_movement(*, actor=None, term: ClusterTerm | None = None, **fields) -> Movement:
    year = fields.pop("year", term.year if term else 2016)
    values = {
        "name": IT_MOVEMENT,
        "kind": Movement.Kind.THEMATIC,
        "goals": GOALS,
        "content": CONTENT,
        "start_date": datetime.date(year, 1, 15),
        "end_date": datetime.date(year, 11, 30),
    }
    values.update(fields)
    return movement_create(actor=actor, year=year, launched_by_term=term, **values)


def plan_inputs(**fields) -> PlanInputs:
    values = {
        "place": "Hà Nội",
        "date": datetime.date(2016, 1, 5),
        "signer_authority": "KT. BỘ TRƯỞNG",
        "signer_position": "THỨ TRƯỞNG",
        "signer_name": "Trần Tiến Dũng",
        "recipients": ("Bộ trưởng (để báo cáo)", "Các đơn vị thuộc Bộ", "Lưu: VT, TĐKT"),
    }
    values.update(fields)
    return PlanInputs(**values)


def make_covenant(term: ClusterTerm, *, actor=None, criteria=SCORE_TABLE) -> Covenant:
    return covenant_create(
        actor=actor,
        term=term,
        title=f"Giao ước thi đua năm {term.year} của {term.cluster.name}",
        targets=TARGETS,
        criteria=criteria,
    )


def sign(covenant: Covenant, unit: Unit, *, actor=None, name: str | None = None):
    return covenant_sign(
        actor=actor, covenant=covenant, unit=unit, signer_name=name or f"Người ký {unit.pk}", signer_title=""
    )


def sign_all(covenant: Covenant, term: ClusterTerm) -> Covenant:
    heads = dict(zip([n for n, _s in CLUSTER_I_UNITS], HEADS, strict=True))
    for unit in members_of(term):
        sign(covenant, unit, name=heads.get(unit.name))
    covenant.refresh_from_db()
    return covenant


@pytest.fixture
def cluster_term(world) -> ClusterTerm:
    """Cluster I of 2017 (11 units) beside the small world."""
    return cluster_i(world.ministry)


def pdf_raw_text(path) -> str:
    """pdftotext in content-stream order, white space collapsed: a table cell's wrapped lines stay together."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is not installed (Debian package poppler-utils)", pytrace=False)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True, timeout=60)
    return " ".join(out.stdout.split())


def page_text(response) -> str:
    """The visible text of a page, tags removed and white space collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style|select)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def count_queries(client, url: str) -> int:
    """How many queries one GET of `url` makes (the page must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured)
