"""Render-time figures for `manage.py bench`: the launch plan and the covenant of Cluster I (11 members), each as a
ratio to the minimal one-page document with the same fonts, rendered in the same process (goal: ≤ 3×).

The frozen data is built by the same functions the services use (campaigns.documents), from unsaved model
instances: no database is needed, and the figures measure rendering alone.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from thidua.documents.benchmark import minimal_render_seconds, render_seconds
from thidua.documents.rendering import render_document
from thidua.org.models import Cluster, ClusterMembership, ClusterTerm, Unit, UnitKind

from .documents import (
    COVENANT_TEMPLATE,
    PLAN_TEMPLATE,
    PlanInputs,
    covenant_data,
    plan_data,
    unit_short_code,
)
from .models import Covenant, CovenantCriterion, CovenantSignature, Movement

GOAL = 3.0

# Cluster I of the seed, 2016: the five units the article names, then six real units of the Ministry it does not.
CLUSTER_I = [
    ("Vụ Các vấn đề chung về xây dựng pháp luật", "Vụ CVĐCXDPL", "Vụ trưởng", "Nguyễn Hồng Hải"),
    ("Văn phòng Bộ", "VP Bộ", "Chánh Văn phòng", "Trần Văn Quảng"),
    ("Vụ Pháp luật dân sự - kinh tế", "Vụ PLDSKT", "Vụ trưởng", "Lê Thị Kim Thanh"),
    ("Vụ Tổ chức cán bộ", "Vụ TCCB", "Vụ trưởng", "Phạm Quang Hưng"),
    ("Vụ Pháp luật quốc tế", "Vụ PLQT", "Vụ trưởng", "Đỗ Thị Hoa"),
    ("Vụ Pháp luật hình sự - hành chính", "Vụ PLHSHC", "Vụ trưởng", "Vũ Văn Tiến"),
    ("Vụ Hợp tác quốc tế", "Vụ HTQT", "Vụ trưởng", "Hoàng Minh Đức"),
    ("Vụ Kế hoạch - Tài chính", "Vụ KHTC", "Vụ trưởng", "Bùi Thị Lan"),
    ("Thanh tra Bộ", "TTB", "Chánh Thanh tra", "Đặng Văn Hùng"),
    ("Vụ Thi đua - Khen thưởng", "Vụ TĐKT", "Vụ trưởng", "Ngô Thị Hằng"),
    ("Cục Công nghệ thông tin", "Cục CNTT", "Cục trưởng", "Trịnh Quốc Bảo"),
]
CRITERIA = [
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
ISSUER = {"parent": "Bộ Tư pháp", "name": "Cụm thi đua số I"}


def _cluster_i() -> tuple[ClusterTerm, list[Unit]]:
    kind = UnitKind(code="vu", name="Vụ", head_title="Vụ trưởng")
    units = [
        Unit(pk=index, name=name, short_name=short, kind=kind, head_title=head)
        for index, (name, short, head, _person) in enumerate(CLUSTER_I, start=1)
    ]
    term = ClusterTerm(pk=1, cluster=Cluster(name="Cụm thi đua số I", kind=Cluster.Kind.CUM), year=2016, kind="cum")
    return term, units


def sample_plan_data() -> dict:
    """The launch plan of Cluster I's 2016 movement on applying IT (the seed's), to all 11 members."""
    term, units = _cluster_i()
    movement = Movement(
        year=2016,
        name="Đẩy mạnh ứng dụng công nghệ thông tin trong công tác chuyên môn",
        kind=Movement.Kind.THEMATIC,
        goals=(
            "Phát huy tinh thần thi đua yêu nước, tạo động lực để công chức, viên chức hoàn thành xuất sắc nhiệm vụ.\n"
            "Đẩy mạnh ứng dụng công nghệ thông tin trong công tác chuyên môn, nâng cao hiệu quả công việc."
        ),
        content=(
            "Thi đua xây dựng và khai thác các cơ sở dữ liệu chuyên ngành, sử dụng văn bản điện tử thay văn bản giấy.\n"
            "Thi đua đề xuất sáng kiến, giải pháp ứng dụng công nghệ thông tin có hiệu quả trong công tác chuyên môn."
        ),
        start_date=datetime.date(2016, 3, 1),
        end_date=datetime.date(2016, 11, 30),
        launched_by_term=term,
        issuer=units[0],
        participants=Movement.Participants.ALL,
    )
    inputs = PlanInputs(
        place="Hà Nội",
        date=datetime.date(2016, 2, 25),
        signer_authority="TM. CỤM THI ĐUA SỐ I",
        signer_position="CỤM TRƯỞNG",
        signer_name=CLUSTER_I[0][3],
        recipients=(
            "Hội đồng Thi đua - Khen thưởng Bộ (để báo cáo)",
            "Vụ Thi đua - Khen thưởng",
            "Các đơn vị thành viên Cụm thi đua số I",
            f"Lưu: VT, {unit_short_code(units[0])}",
        ),
    )
    code = unit_short_code(units[0])
    return plan_data(movement=movement, number=f"01/KH-{code}", inputs=inputs, units=units, issuer=ISSUER)


def sample_covenant_data() -> dict:
    """The 2016 covenant of Cluster I, signed by its 11 members: the targets, 5 criteria, 11 signatures."""
    term, units = _cluster_i()
    covenant = Covenant(term=term, title="Giao ước thi đua năm 2016 của Cụm thi đua số I", targets=TARGETS)
    criteria = [
        CovenantCriterion(order=i, name=name, max_points=points) for i, (name, points) in enumerate(CRITERIA, 1)
    ]
    signed_at = timezone.make_aware(datetime.datetime(2016, 3, 30, 9, 0))
    signatures = [
        CovenantSignature(unit=unit, unit_name=unit.name, signer_name=person, signer_title=head, signed_at=signed_at)
        for unit, (_name, _short, head, person) in zip(units, CLUSTER_I, strict=True)
    ]
    roles = {unit.pk: ClusterMembership.Role.MEMBER for unit in units}
    roles[units[0].pk], roles[units[1].pk] = ClusterMembership.Role.LEADER, ClusterMembership.Role.DEPUTY
    code = unit_short_code(units[0])
    return covenant_data(
        covenant=covenant,
        term=term,
        number=f"01/GƯ-{code}",
        place="Hà Nội",
        date=datetime.date(2016, 3, 30),
        criteria=criteria,
        signatures=signatures,
        roles=roles,
        issuer=ISSUER,
        issuer_code=code,
    )


def _measure(template_name: str, data: dict, *, repeat: int) -> dict:
    # The baseline is measured just before and just after the document, in the same warm process, and averaged:
    # a burst of load on the machine then weighs on both sides of the ratio.
    before = minimal_render_seconds(repeat=repeat)
    seconds = render_seconds(template_name=template_name, context=data, repeat=repeat)
    after = minimal_render_seconds(repeat=repeat)
    baseline = (before + after) / 2
    pages = render_document(template_name=template_name, context=data).page_count
    return {"seconds": seconds, "baseline": baseline, "ratio": seconds / baseline, "pages": pages, "goal": GOAL}


def measure_documents(*, repeat: int = 9) -> dict[str, dict]:
    """Median render seconds of the launch plan and of the 11-member covenant, with the minimal page's, their
    ratios (goal ≤ 3×) and page counts: {"launch_plan": {...}, "covenant": {...}}."""
    return {
        "launch_plan": _measure(PLAN_TEMPLATE, sample_plan_data(), repeat=repeat),
        "covenant": _measure(COVENANT_TEMPLATE, sample_covenant_data(), repeat=repeat),
    }
