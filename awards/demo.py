"""The awards of the demo world, built through the awards services after the organization and the 2016 campaigns:
earlier years' history (so that the chains of 3 and 2 consecutive years have something to check) and an
initiative of ministry-wide effect; and the awards' side of the 2016 banners and the 2017 appointments, which the
voting demo (voting/demo.py) finishes once the two year-end conferences and the council have voted: the seed's
winners below, the board's step on their nominations, the award decisions (01/QĐ-BTP, the sector banner, then
01/QĐ-TTg, the Government banner) and the appointment decisions (02/QĐ-BTP and 03/QĐ-BTP), issued and signed.

From the seed: who won which banner in 2016 (the 4 + 1 units of Cluster I; the region's 3 Sở Tư pháp, 4 Cục
THADS and the Government banners of Cục THADS Hà Giang and Yên Bái), the 2017 leaders and deputies, the Deputy
Ministers who chaired the conferences. Illustrative, not from the seed: the region's 8 Chi cục THADS (the seed
gives only their number), every earlier award, every decision number and date, the signers of the decisions.
"""

import datetime
from collections.abc import Callable, Sequence

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import Initiative
from campaigns.services.evaluation import initiative_add
from thidua.documents.models import RenderedDocument
from thidua.documents.services import document_render
from thidua.org.demo import chi_cuc_thads, cuc_thads, so_tu_phap
from thidua.org.models import Person, Unit
from thidua.titles.models import Title

from .models import Award, Decision, Nomination
from .services.decisions import decision_draft_award, decision_issue, decision_sign
from .services.history import award_create
from .services.nominations import nomination_approve_many

YEAR = 2016
BOARD_USERNAME = "bantdkt"

SECTOR_BANNER_CLUSTER_I = [
    "Vụ Tổ chức cán bộ",
    "Vụ Pháp luật dân sự - kinh tế",
    "Vụ Các vấn đề chung về xây dựng pháp luật",
    "Vụ Pháp luật quốc tế",
]
GOVERNMENT_BANNER_CLUSTER_I = ["Vụ Pháp luật dân sự - kinh tế"]
# The seed names the region's 3 Sở Tư pháp and 4 Cục THADS; it counts 8 Chi cục THADS without naming them.
SECTOR_BANNER_REGION_SO = [so_tu_phap(p) for p in ("Lào Cai", "Hòa Bình", "Thái Nguyên")]
SECTOR_BANNER_REGION_CUC = [cuc_thads(p) for p in ("Yên Bái", "Điện Biên", "Bắc Kạn", "Hà Giang")]
SECTOR_BANNER_REGION_CHI_CUC = [
    chi_cuc_thads(d)
    for d in (
        "thành phố Lào Cai",
        "huyện Bảo Thắng",
        "thành phố Hòa Bình",
        "huyện Lương Sơn",
        "thành phố Thái Nguyên",
        "huyện Đại Từ",
        "thành phố Yên Bái",
        "huyện Văn Yên",
    )
]
SECTOR_BANNER_REGION = SECTOR_BANNER_REGION_SO + SECTOR_BANNER_REGION_CUC + SECTOR_BANNER_REGION_CHI_CUC
GOVERNMENT_BANNER_REGION = [cuc_thads("Hà Giang"), cuc_thads("Yên Bái")]

GOVERNMENT_LEGAL_BASES = [
    "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015",
    "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi "
    "đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013",
    "Căn cứ Nghị định số 42/2010/NĐ-CP ngày 15 tháng 4 năm 2010 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng và Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng",
]
MINISTRY_SIGNER = "Trần Tiến Dũng"  # a Deputy Minister named by the seed (he chaired Cluster I's conference)
DECISION_DATE = datetime.date(2017, 1, 5)
APPOINTMENT_DATE = datetime.date(2017, 1, 10)

# The printed texts of the two award decisions (decision_draft_award's keywords), by title code. The sector banner
# is the Minister's decision (signed by a Deputy Minister); the Government banner the Prime Minister's, on the
# Ministry's submission.
DECISION_TEXTS: dict[str, dict] = {
    "co-bo": {"signer_name": MINISTRY_SIGNER},
    "co-cp": {
        "signer_name": "Trương Hòa Bình",
        "signer_authority": "KT. THỦ TƯỚNG",
        "signer_position": "PHÓ THỦ TƯỚNG",
        "issuer_code": "TTg",
        "issuer_name": "Thủ tướng Chính phủ",
        "proposal": "Xét đề nghị của Bộ trưởng Bộ Tư pháp và Trưởng ban Ban Thi đua - Khen thưởng Trung ương",
        "legal_bases": GOVERNMENT_LEGAL_BASES,
        "closing_articles": [
            "Quyết định này có hiệu lực kể từ ngày ký.",
            "Bộ trưởng Bộ Tư pháp, Trưởng ban Ban Thi đua - Khen thưởng Trung ương và các tập thể có tên tại "
            "Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        ],
        "recipients": ["Như Điều 2;", "Ban Thi đua - Khen thưởng Trung ương;", "Bộ Tư pháp;", "Lưu: VT, TCCV."],
    },
}

# Earlier years' history of the people behind the chains: (unit, position in the unit's list of people by name,
# title code, years, issuer). Illustrative. The first person of Vụ Pháp luật dân sự - kinh tế holds Chiến sĩ thi
# đua cơ sở in 2014, 2015 and 2016 (3 consecutive years); the second in 2014 and 2016 only (a gap); a person of
# Cục THADS tỉnh Yên Bái holds Chiến sĩ thi đua cấp Bộ in 2015 (one of the 2 years the national title needs).
PERSON_HISTORY = [
    ("Vụ Pháp luật dân sự - kinh tế", 1, "cstdcs", (2014, 2015, 2016), "Vụ trưởng Vụ Pháp luật dân sự - kinh tế"),
    ("Vụ Pháp luật dân sự - kinh tế", 2, "cstdcs", (2014, 2016), "Vụ trưởng Vụ Pháp luật dân sự - kinh tế"),
    (cuc_thads("Yên Bái"), 1, "cstd-bo", (2015,), "Bộ trưởng Bộ Tư pháp"),
    (cuc_thads("Yên Bái"), 1, "cstdcs", (2013, 2014, 2015), "Cục trưởng Cục THADS tỉnh Yên Bái"),
]
# Earlier banners of collectives (illustrative).
UNIT_HISTORY = [
    (cuc_thads("Yên Bái"), "co-bo", (2014, 2015)),
    (cuc_thads("Hà Giang"), "co-bo", (2015,)),
    ("Vụ Pháp luật dân sự - kinh tế", "co-bo", (2015,)),
    ("Vụ Tổ chức cán bộ", "ttldxs", (2014, 2015)),
]


class DemoBuilder:
    """Builds the earlier years' history; every step looks its rows up first and creates only what is missing."""

    def __init__(self, *, log: Callable[[str], None] | None = None):
        self.log = log or (lambda _message: None)
        self.created: dict[str, int] = {}
        self.actor = board_account()
        self.titles = {t.code: t for t in Title.objects.all()}

    def count(self, what: str, n: int = 1) -> None:
        if n:
            self.created[what] = self.created.get(what, 0) + n

    def _unit(self, name: str) -> Unit:
        return Unit.objects.get(name=name)

    # --- history ---------------------------------------------------------------------------------------------

    def _person(self, unit_name: str, index: int) -> Person | None:
        unit = self._unit(unit_name)
        head = unit.display_head_title
        people = sorted(
            (p for p in Person.objects.filter(unit=unit, is_active=True) if p.position != head),
            key=lambda p: (p.full_name, p.pk),
        )
        return people[index - 1] if len(people) >= index else None

    def build_history(self) -> None:
        for unit_name, index, code, years, issuer in PERSON_HISTORY:
            person = self._person(unit_name, index)
            if person is None:
                continue
            for year in years:
                if Award.objects.filter(person=person, title=self.titles[code], year=year).exists():
                    continue
                award_create(
                    actor=self.actor,
                    title=self.titles[code],
                    year=year,
                    person=person,
                    decision_issuer=issuer,
                    decision_date=datetime.date(year, 12, 20) if code == "cstdcs" else datetime.date(year + 1, 1, 15),
                    source=Award.Source.IMPORT,
                    notes="Dữ liệu minh họa (không có trong bài báo nguồn).",
                )
                self.count(_("khen thưởng các năm trước"))
        # The person with three consecutive years also has an initiative of ministry-wide effect in 2016.
        first = self._person("Vụ Pháp luật dân sự - kinh tế", 1)
        if first is not None and not Initiative.objects.filter(person=first, year=YEAR, level="bo").exists():
            initiative_add(
                actor=None,
                person=first,
                year=YEAR,
                name="Sổ tay hướng dẫn áp dụng Bộ luật Dân sự 2015 trong công tác thẩm định",
                level="bo",
                recognised_by="Hội đồng sáng kiến Bộ Tư pháp (minh họa)",
            )
            self.count(_("sáng kiến cấp Bộ"))
        for unit_name, code, years in UNIT_HISTORY:
            unit = self._unit(unit_name)
            for year in years:
                if Award.objects.filter(unit=unit, title=self.titles[code], year=year).exists():
                    continue
                award_create(
                    actor=self.actor,
                    title=self.titles[code],
                    year=year,
                    unit=unit,
                    decision_issuer="Bộ trưởng Bộ Tư pháp",
                    decision_date=datetime.date(year + 1, 1, 15),
                    source=Award.Source.IMPORT,
                    notes="Dữ liệu minh họa (không có trong bài báo nguồn).",
                )
                self.count(_("khen thưởng các năm trước"))

    def build(self) -> dict[str, int]:
        if self.actor is None:
            self.log(_("Khen thưởng: chưa có tài khoản Vụ Thi đua - Khen thưởng (bantdkt), bỏ qua."))
            return self.created
        self.log(_("khen thưởng các năm trước"))
        with transaction.atomic():
            self.build_history()
        return self.created


# The awards' side of the 2016 banners and the 2017 appointments, called by voting/demo.py ------------------------

Count = Callable[[str, int], None]


def _no_count(_label: str, _n: int) -> None:
    return None


def board_account():
    """The board's demo account (bantdkt), which every step of the awards' side acts as; None before the org demo."""
    return get_user_model().objects.filter(username=BOARD_USERNAME).first()


def nominations_to_council(*, actor, nominations: Sequence[Nomination], count: Count = _no_count) -> list[Nomination]:
    """The board's step on the banner nominations a conference voted: those still waiting for the board go before
    the council, all at once (nomination_approve_many); those past it are left as they are. Returns the moved ones.
    Side effects: those of nomination_approve_many; audited as `actor`."""
    at_board = [n for n in nominations if n.status == Nomination.Status.BOARD]
    if not at_board:
        return []
    moved = nomination_approve_many(actor=actor, nominations=at_board)
    count(_("hồ sơ trình Hội đồng"), len(moved))
    return moved


def decision_complete(*, actor, decision: Decision, count: Count = _no_count) -> Decision:
    """Issue a draft decision and sign an issued one, so that it ends signed; a signed one is left as it is.

    Its PDF is rendered when the issue commits (by the worker, or in-process with Celery eager); when no worker has
    done it yet (the demo runs in one transaction in the tests), it is rendered here by the function the task calls.
    Side effects: those of decision_issue, document_render and decision_sign; audited as `actor`."""
    if decision.status == Decision.Status.DRAFT:
        decision = decision_issue(actor=actor, decision=decision)
    if decision.status == Decision.Status.ISSUED:
        document = RenderedDocument.objects.get(pk=decision.document_id)
        if document.status != RenderedDocument.Status.DONE:
            document_render(document_id=document.pk)
        decision = decision_sign(actor=actor, decision=Decision.objects.get(pk=decision.pk))
        count(_("quyết định đã ký"), 1)
    return decision


def award_decision_complete(
    *, actor, title: Title, nominations: Sequence[Nomination], count: Count = _no_count
) -> Decision:
    """The decision awarding `title` (co-bo or co-cp) for the demo year to the given nominations, approved by the
    council: drafted with DECISION_TEXTS on DECISION_DATE, then issued and signed (decision_complete). The decision
    that already lists them is completed instead of a second one. Side effects: those of decision_draft_award and
    decision_complete; audited as `actor`."""
    pks = [n.pk for n in nominations]
    decision = (
        Decision.objects.filter(kind=Decision.Kind.AWARD, title=title, year=YEAR, items__nomination__in=pks)
        .distinct()
        .first()
    )
    if decision is None:
        decision = decision_draft_award(
            actor=actor,
            title=title,
            year=YEAR,
            nominations=Nomination.objects.filter(pk__in=pks),
            date=DECISION_DATE,
            **DECISION_TEXTS[title.code],
        )
        count(_("quyết định khen thưởng"), 1)
    return decision_complete(actor=actor, decision=decision, count=count)


def build_demo(*, log: Callable[[str], None] | None = None) -> dict[str, int]:
    """Build (or complete) the awards' history of the demo world, after thidua.org.demo and campaigns.demo (the
    2016 banners and the 2017 appointments come after the votes, from voting.demo, with the functions above).

    Returns what was created, as {label: how many}; a run on a complete world creates and changes nothing.
    Side effects: earlier years' awards and one initiative, written through the services as the board's demo
    account (bantdkt) (the initiative as the system).
    """
    return DemoBuilder(log=log).build()
