"""The demo world's 2016 campaigns, built through the campaigns services; found and run by `seed_demo`.

Built on thidua/org/demo.py's organization: emulation years, movements, registrations, covenants, ratings,
initiatives, covenant scores and exemplary models.

What comes from the seed article (the year-end conference of Cụm thi đua số I on 22/11/2016): three movements
carried out, one of them the cluster's own on applying IT; 100 % of civil servants registered; the sector
banner to Vụ Tổ chức cán bộ, Vụ Pháp luật dân sự - kinh tế, Vụ Các vấn đề chung về xây dựng pháp luật and Vụ Pháp
luật quốc tế, the Government banner to Vụ Pháp luật dân sự - kinh tế. Everything else (the Ministry's movement
names, dates, targets, criteria, points, ratings, initiatives, exemplary models) is illustrative, chosen to agree
with those results, and says so where a user reads it.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.org.demo import (
    CLUSTER_I,
    CLUSTER_I_ADDED,
    CLUSTER_I_LEADER,
    CLUSTER_I_NAMED,
    LOGINS,
    REGION,
    cuc_thads,
    so_tu_phap,
)
from thidua.org.models import ClusterMembership, ClusterTerm, Person, Role, Unit
from thidua.titles.models import Title

from .documents import plan_defaults
from .models import (
    Covenant,
    EmulationYear,
    ExemplaryModel,
    Initiative,
    Movement,
    PersonEvaluation,
    Registration,
    RegistrationSheet,
    UnitScore,
)
from .selectors.covenants import default_signer
from .services.covenants import covenant_create, covenant_sign
from .services.evaluation import EvaluationInput, evaluation_set_many, initiative_add, unit_scores_set
from .services.exemplary import exemplary_create
from .services.movements import movement_create, movement_plan_issue
from .services.registrations import (
    emulation_year_save,
    registration_add,
    registration_register_all,
    sheet_approve,
    sheet_get_or_create,
    sheet_set_collective_title,
    sheet_submit,
)

YEAR = 2016
ILLUSTRATIVE = "Dữ liệu minh họa, không lấy từ bài báo nguồn"

# (year, registration deadline, covenant deadline): the example dates of the domain notes (25 and 30 March).
YEARS = [
    (2016, datetime.date(2016, 3, 25), datetime.date(2016, 3, 30)),
    (2017, datetime.date(2017, 3, 25), datetime.date(2017, 3, 30)),
]
YEAR_NOTES = f"{ILLUSTRATIVE}: hạn đăng ký 25/3 và hạn ký giao ước 30/3 là ngày ví dụ."
# The services take "today" for the deadline rules: the demo's sheets were sent before the deadline.
SUBMITTED_ON = datetime.date(2016, 3, 18)
APPROVED_ON = datetime.date(2016, 3, 28)
# The covenants are signed before their deadline (30/03/2016), at 09:00 in Hà Nội.
COVENANT_SIGNED_AT = datetime.datetime(2016, 3, 29, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

# The four collectives voted the sector banner in 2016 (the first also the Government banner), in ranking order.
SECTOR_BANNER = [
    "Vụ Pháp luật dân sự - kinh tế",
    "Vụ Tổ chức cán bộ",
    "Vụ Các vấn đề chung về xây dựng pháp luật",
    "Vụ Pháp luật quốc tế",
]
GOVERNMENT_BANNER = "Vụ Pháp luật dân sự - kinh tế"
# The region's provincial collectives voted the sector banner in 2016; the article does not name its 8 Chi cục.
REGION_BANNER = [so_tu_phap(p) for p in ("Lào Cai", "Hòa Bình", "Thái Nguyên")] + [
    cuc_thads(p) for p in ("Yên Bái", "Điện Biên", "Bắc Kạn", "Hà Giang")
]


# --- movements ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MovementSpec:
    name: str
    kind: str
    goals: str
    content: str
    start: datetime.date
    end: datetime.date
    by_cluster: bool  # launched by the Cluster I 2016 term (else by the Ministry)
    plan_date: datetime.date | None = None  # issue the launch plan (a PDF) dated this day


IT_MOVEMENT = "Tăng cường ứng dụng công nghệ thông tin nhằm nâng cao hiệu quả chỉ đạo, điều hành"
MOVEMENTS = [
    MovementSpec(
        name="Thi đua thực hiện thắng lợi nhiệm vụ công tác tư pháp năm 2016",
        kind=Movement.Kind.REGULAR,
        goals=(
            "Động viên các tập thể, cá nhân trong toàn ngành Tư pháp thi đua hoàn thành xuất sắc nhiệm vụ chính trị "
            "năm 2016.\n"
            "Gắn phong trào thi đua với đánh giá, xếp loại cán bộ, công chức, viên chức hằng năm."
        ),
        content=(
            f"{ILLUSTRATIVE}: tên, mục tiêu và thời gian của phong trào thi đua thường xuyên này là ví dụ; bài báo "
            "chỉ nêu Cụm thi đua số I đã thực hiện tốt 3 phong trào thi đua của Bộ, ngành phát động.\n"
            "Các đơn vị đăng ký thi đua đầu năm, ký giao ước thi đua trong cụm, khối và bình xét cuối năm."
        ),
        start=datetime.date(2016, 1, 1),
        end=datetime.date(2016, 12, 31),
        by_cluster=False,
    ),
    MovementSpec(
        name="Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới",
        kind=Movement.Kind.THEMATIC,
        goals=(
            "Huy động các đơn vị trong ngành Tư pháp tham gia xây dựng nông thôn mới, trọng tâm là tiêu chí về "
            "tiếp cận pháp luật và phổ biến, giáo dục pháp luật ở cơ sở."
        ),
        content=(
            f"{ILLUSTRATIVE}: tên, mục tiêu và thời gian của phong trào thi đua theo chuyên đề này là ví dụ; bài "
            "báo chỉ nêu Cụm thi đua số I đã thực hiện tốt 3 phong trào thi đua của Bộ, ngành phát động."
        ),
        start=datetime.date(2016, 4, 1),
        end=datetime.date(2016, 10, 31),
        by_cluster=False,
    ),
    MovementSpec(
        name=IT_MOVEMENT,
        kind=Movement.Kind.THEMATIC,
        goals=(
            "Đẩy mạnh ứng dụng công nghệ thông tin trong chỉ đạo, điều hành và xử lý công việc tại các đơn vị "
            "thành viên Cụm thi đua số I.\n"
            "Tăng tỷ lệ văn bản được trao đổi dưới dạng điện tử giữa các đơn vị thành viên."
        ),
        content=(
            "Tên phong trào lấy từ bài báo nguồn (phong trào thi đua của Cụm về tăng cường ứng dụng công nghệ "
            f"thông tin nhằm nâng cao hiệu quả chỉ đạo, điều hành). {ILLUSTRATIVE}: mục tiêu, nội dung và thời "
            "gian thực hiện là ví dụ.\n"
            "Mỗi đơn vị thành viên đăng ký ít nhất một sáng kiến, giải pháp ứng dụng công nghệ thông tin trong năm."
        ),
        start=datetime.date(2016, 3, 1),
        end=datetime.date(2016, 11, 15),
        by_cluster=True,
        plan_date=datetime.date(2016, 2, 22),
    ),
]


# --- the covenant --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CovenantSpec:
    cluster: str
    title: str
    targets: str
    criteria: list[tuple[str, Decimal]]  # (criterion, maximum points): 100 points in all


COVENANTS = [
    CovenantSpec(
        cluster=CLUSTER_I,
        title="Giao ước thi đua năm 2016 của Cụm thi đua số I",
        targets=(
            "Hoàn thành 100 % nhiệm vụ chuyên môn theo chương trình, kế hoạch công tác năm 2016 của Bộ Tư pháp.\n"
            "100 % công chức, người lao động các đơn vị đăng ký thi đua.\n"
            "Thực hiện tốt các phong trào thi đua do Bộ, ngành phát động và phong trào thi đua của Cụm về tăng cường "
            "ứng dụng công nghệ thông tin nhằm nâng cao hiệu quả chỉ đạo, điều hành.\n"
            "Không có công chức bị kỷ luật từ hình thức cảnh cáo trở lên.\n"
            f"({ILLUSTRATIVE}: nội dung giao ước và bảng điểm là ví dụ.)"
        ),
        criteria=[
            ("Thực hiện nhiệm vụ chuyên môn theo chương trình, kế hoạch công tác năm", Decimal(40)),
            ("Tổ chức thực hiện các phong trào thi đua của Bộ, ngành và của Cụm", Decimal(20)),
            ("Ứng dụng công nghệ thông tin, cải cách hành chính trong chỉ đạo, điều hành", Decimal(15)),
            ("Công tác thi đua, khen thưởng; phát hiện, nhân rộng điển hình tiên tiến", Decimal(15)),
            ("Xây dựng tổ chức đảng, đoàn thể; thực hành tiết kiệm, phòng, chống tham nhũng, lãng phí", Decimal(10)),
        ],
    ),
    CovenantSpec(
        cluster=REGION,
        title="Giao ước thi đua năm 2016 của Khu vực thi đua các tỉnh miền núi phía Bắc",
        targets=(
            "Các Sở Tư pháp hoàn thành các chỉ tiêu công tác tư pháp năm 2016 được giao.\n"
            "Các Cục, Chi cục Thi hành án dân sự hoàn thành và vượt chỉ tiêu thi hành xong về việc và về tiền "
            "được giao năm 2016.\n"
            "100 % công chức, người lao động các đơn vị đăng ký thi đua.\n"
            f"({ILLUSTRATIVE}: nội dung giao ước và bảng điểm là ví dụ.)"
        ),
        criteria=[
            ("Thực hiện các chỉ tiêu, nhiệm vụ chuyên môn được giao năm 2016", Decimal(50)),
            ("Tổ chức thực hiện các phong trào thi đua của Bộ, ngành và của Khu vực", Decimal(20)),
            ("Cải cách hành chính, ứng dụng công nghệ thông tin", Decimal(15)),
            ("Xây dựng đội ngũ công chức trong sạch, vững mạnh; phòng, chống tham nhũng, lãng phí", Decimal(15)),
        ],
    ),
]
CRITERIA = COVENANTS[0].criteria
# Each unit's score out of 100 before the scorers' small differences: a point apart, so that the ranking is the
# banners' order (the four winners first, the Government banner's on top) whoever scores. Illustrative figures.
BASE_SCORES = dict(
    zip(
        SECTOR_BANNER + ["Văn phòng Bộ"] + [name for name, _kind, _short in CLUSTER_I_ADDED],
        range(97, 86, -1),
        strict=True,
    )
)


# --- people: ratings, initiatives, exemplary models ---------------------------------------------------------

INITIATIVES = [
    "Số hóa hồ sơ, tài liệu lưu trữ của đơn vị phục vụ tra cứu trên mạng nội bộ",
    "Lập danh mục điện tử theo dõi tiến độ xây dựng văn bản quy phạm pháp luật",
    "Quy trình tiếp nhận, xử lý văn bản đến hoàn toàn trên hệ thống quản lý văn bản điện tử",
    "Mẫu biểu thống nhất tổng hợp ý kiến góp ý dự thảo văn bản của các bộ, ngành",
    "Cơ sở dữ liệu điều ước quốc tế và thỏa thuận quốc tế phục vụ tra cứu nội bộ",
    "Bảng theo dõi điện tử việc thực hiện kết luận của Lãnh đạo Bộ",
    "Sổ tay hướng dẫn nghiệp vụ cho công chức mới tuyển dụng",
]
RECOGNISED_BY = f"Quyết định công nhận sáng kiến của Thủ trưởng đơn vị ({ILLUSTRATIVE.lower()})"
# (unit, individual, description): the collective itself, or (individual) its first Chiến sĩ thi đua cơ sở registrant.
EXEMPLARY = [
    (
        "Vụ Pháp luật dân sự - kinh tế",
        False,
        "Tập thể dẫn đầu Cụm thi đua số I năm 2016, được suy tôn Cờ thi đua của Chính phủ và Cờ thi đua ngành Tư "
        f"pháp (theo bài báo nguồn). {ILLUSTRATIVE}: nội dung thành tích là ví dụ.",
    ),
    (
        CLUSTER_I_LEADER,
        False,
        "Đơn vị Cụm trưởng, chủ trì phong trào thi đua của Cụm về tăng cường ứng dụng công nghệ thông tin; được suy "
        f"tôn Cờ thi đua ngành Tư pháp năm 2016 (theo bài báo nguồn). {ILLUSTRATIVE}: nội dung thành tích là ví dụ.",
    ),
    (
        "Văn phòng Bộ",
        True,
        f"{ILLUSTRATIVE}: cá nhân tiêu biểu trong ứng dụng công nghệ thông tin vào quản lý văn bản, hồ sơ công việc.",
    ),
    (
        "Vụ Pháp luật quốc tế",
        True,
        f"{ILLUSTRATIVE}: cá nhân tiêu biểu trong thẩm định điều ước quốc tế, có sáng kiến được áp dụng tại đơn vị.",
    ),
]


def _people(unit: Unit) -> list[Person]:
    """The unit's active people in a fixed order (by name, then id) whatever the database's collation."""
    people = Person.objects.filter(unit=unit, is_active=True).only("pk", "full_name", "position", "unit_id")
    return sorted(people, key=lambda p: (p.full_name, p.pk))


def _rng(what: str, unit: Unit) -> random.Random:
    return random.Random(f"thidua-demo-{YEAR}:{what}:{unit.name}")


def _cstdcs_people(unit: Unit, people: list[Person]) -> list[Person]:
    """Who registers for Chiến sĩ thi đua cơ sở: 3 people of a banner collective, 2 of the others, never the head
    (the same people on every run)."""
    staff = [p for p in people if p.position != unit.display_head_title]
    k = 3 if unit.name in SECTOR_BANNER else 2
    return sorted(_rng("cstdcs", unit).sample(staff, min(k, len(staff))), key=lambda p: (p.full_name, p.pk))


def _ratings(unit: Unit, people: list[Person], excellent: set[int]) -> list[EvaluationInput]:
    """Mostly "hoàn thành tốt", some "xuất sắc" (the Chiến sĩ thi đua cơ sở registrants among them), one or two
    "hoàn thành" in the non-banner units; nobody disciplined at "cảnh cáo": ≥ 90 % Lao động tiên tiến-worthy and
    100 % completion in every unit, as the banners and collective titles of the year require."""
    rng = _rng("ratings", unit)
    rows = []
    for person in people:
        rating = PersonEvaluation.Rating.GOOD
        if person.pk in excellent or rng.random() < 0.15:
            rating = PersonEvaluation.Rating.EXCELLENT
        rows.append([person.pk, rating, PersonEvaluation.Discipline.NONE])
    if unit.name not in SECTOR_BANNER and unit.name not in REGION_BANNER:
        plain = [row for row in rows if row[1] == PersonEvaluation.Rating.GOOD]
        for row in rng.sample(plain, min(len(people) // 10, len(plain))):
            row[1] = PersonEvaluation.Rating.COMPLETED
        if unit.name == "Vụ Hợp tác quốc tế" and plain:
            # A reprimand (khiển trách) keeps the collective's titles: only cảnh cáo or above bars them.
            plain[0][2] = PersonEvaluation.Discipline.REPRIMAND
    return [EvaluationInput(pk, rating, discipline) for pk, rating, discipline in rows]


def _points(base: int, *, self_score: bool, bump: bool) -> list[Decimal]:
    """A scorer's points for a unit of `base`/100: the shortfall spread over the criteria by their weight; a
    unit gives itself half a point more, and a scorer now and then half a point less (on the first criterion).
    Both stay below half the gap between two units, so the order of BASE_SCORES is the ranking's."""
    shortfall = Decimal(100 - base)
    points = [maximum - shortfall * maximum / 100 for _name, maximum in CRITERIA]
    if self_score:
        points[0] = min(points[0] + Decimal("0.5"), CRITERIA[0][1])
    elif bump:
        points[0] -= Decimal("0.5")
    return [p.quantize(Decimal("0.01")) for p in points]


# --- the builder ----------------------------------------------------------------------------------------------


class DemoBuilder:
    """Builds the 2016 campaigns step by step; each step looks its rows up first and writes only what is missing,
    so a second run changes nothing and never overwrites what someone changed since (a rating, a score)."""

    def __init__(self, *, log: Callable[[str], None] | None = None):
        self.log = log or (lambda label: None)
        self.created: dict[str, int] = {}
        self.titles = {t.code: t for t in Title.objects.filter(code__in=["ldtt", "cstdcs", "ttldtt", "ttldxs"])}
        board = next(login.username for login in LOGINS if login.role == Role.BOARD)
        # Approving a sheet is the board's act: the only step done as a user rather than as the system.
        self.board = get_user_model().objects.get(username=board)
        self.cluster_i = ClusterTerm.objects.select_related("cluster").get(cluster__name=CLUSTER_I, year=YEAR)
        self.region = ClusterTerm.objects.select_related("cluster").get(cluster__name=REGION, year=YEAR)

    def count(self, label: str, n: int = 1) -> None:
        if n:
            self.created[label] = self.created.get(label, 0) + n

    def members(self, term: ClusterTerm) -> list[Unit]:
        units = Unit.objects.filter(cluster_memberships__term=term).select_related("kind")
        order = {name: i for i, (name, _k, _s) in enumerate(CLUSTER_I_NAMED + CLUSTER_I_ADDED)}
        return sorted(units, key=lambda u: (order.get(u.name, len(order)), u.name))

    # Each step is one transaction: on SQLite far fewer syncs, and a failed step leaves nothing half-built.

    def build_years(self) -> None:
        for year, registration, covenant in YEARS:
            if EmulationYear.objects.filter(year=year).exists():
                continue
            emulation_year_save(
                actor=None,
                emulation_year=EmulationYear(
                    year=year, registration_deadline=registration, covenant_deadline=covenant, notes=YEAR_NOTES
                ),
            )
            self.count(_("năm thi đua"))

    def build_movements(self) -> None:
        for spec in MOVEMENTS:
            term = self.cluster_i if spec.by_cluster else None
            movement = Movement.objects.filter(year=YEAR, launched_by_term=term, name=spec.name).first()
            if movement is None:
                movement = movement_create(
                    actor=None,
                    year=YEAR,
                    name=spec.name,
                    kind=spec.kind,
                    goals=spec.goals,
                    content=spec.content,
                    start_date=spec.start,
                    end_date=spec.end,
                    launched_by_term=term,
                )
                self.count(_("phong trào thi đua"))
            if spec.plan_date and not movement.plan_document_id:
                inputs = replace(plan_defaults(movement), date=spec.plan_date)
                movement_plan_issue(actor=None, movement=movement, inputs=inputs)
                self.count(_("kế hoạch phát động"))

    def _register(self, unit: Unit, *, cstdcs: bool) -> None:
        sheet = RegistrationSheet.objects.filter(unit=unit, year=YEAR).first()
        if sheet is not None and sheet.status == RegistrationSheet.Status.APPROVED:
            return
        if sheet is None:
            sheet = sheet_get_or_create(actor=None, unit=unit, year=YEAR)
            self.count(_("bản đăng ký thi đua"))
        if sheet.is_editable:
            collective = "ttldxs" if unit.name in SECTOR_BANNER or unit.name in REGION_BANNER else "ttldtt"
            sheet_set_collective_title(actor=None, sheet=sheet, title=self.titles[collective])
            added = registration_register_all(actor=None, sheet=sheet, title=self.titles["ldtt"])
            if cstdcs:
                done = set(
                    Registration.objects.filter(sheet=sheet, title=self.titles["cstdcs"]).values_list(
                        "person_id", flat=True
                    )
                )
                for person in _cstdcs_people(unit, _people(unit)):
                    if person.pk not in done:
                        registration_add(actor=None, sheet=sheet, title=self.titles["cstdcs"], person=person)
                        added += 1
            self.count(_("đăng ký danh hiệu"), added)
            sheet = sheet_submit(actor=None, sheet=sheet, today=SUBMITTED_ON)
        if sheet.status == RegistrationSheet.Status.SUBMITTED:
            sheet_approve(actor=self.board, sheet=sheet, today=APPROVED_ON)

    def build_registrations(self) -> None:
        # Cluster I with Chiến sĩ thi đua cơ sở registrants; the region (70 units) with Lao động tiên tiến for
        # everyone and its collective titles: fast, as each unit is one bulk "register all".
        for unit in self.members(self.cluster_i):
            self._register(unit, cstdcs=True)
        for unit in self.members(self.region):
            self._register(unit, cstdcs=False)

    def build_covenants(self) -> None:
        # Two PDFs, rendered when this step commits: a fraction of a second each.
        for spec in COVENANTS:
            term = self.cluster_i if spec.cluster == CLUSTER_I else self.region
            covenant = Covenant.objects.filter(term=term).first()
            if covenant is None:
                covenant = covenant_create(
                    actor=None, term=term, title=spec.title, targets=spec.targets, criteria=spec.criteria
                )
                self.count(_("giao ước thi đua"))
            if covenant.status == Covenant.Status.LOCKED:
                continue
            signed = set(covenant.signatures.values_list("unit_id", flat=True))
            # The leader signs first; the last signature locks the covenant and issues its PDF.
            by_role = sorted(
                ClusterMembership.objects.filter(term=term).select_related("unit", "unit__kind"),
                key=lambda m: (
                    m.role != ClusterMembership.Role.LEADER,
                    m.role != ClusterMembership.Role.DEPUTY,
                    m.unit.name,
                ),
            )
            for membership in by_role:
                if membership.unit_id in signed:
                    continue
                name, title = default_signer(membership.unit)
                covenant_sign(
                    actor=None,
                    covenant=covenant,
                    unit=membership.unit,
                    signer_name=name,
                    signer_title=title,
                    signed_at=COVENANT_SIGNED_AT,
                )
                self.count(_("chữ ký giao ước"))

    def build_evaluations(self) -> None:
        cstdcs = self.titles["cstdcs"]
        for term in (self.cluster_i, self.region):
            for unit in self.members(term):
                people = _people(unit)
                excellent = set(
                    Registration.objects.filter(unit=unit, year=YEAR, title=cstdcs).values_list("person_id", flat=True)
                )
                rated = set(
                    PersonEvaluation.objects.filter(year=YEAR, person__in=people).values_list("person_id", flat=True)
                )
                # The whole unit's ratings are drawn (the same on every run); only the missing ones are written.
                rows = [row for row in _ratings(unit, people, excellent) if row.person_id not in rated]
                if rows:
                    result = evaluation_set_many(
                        actor=None, unit=unit, year=YEAR, rows=rows, note=_("Dữ liệu mẫu năm %(year)s") % {"year": YEAR}
                    )
                    self.count(_("đánh giá, xếp loại"), result.created)
                # Chiến sĩ thi đua cơ sở needs an initiative recognised at unit level.
                recorded = set(Initiative.objects.filter(person__unit=unit, year=YEAR).values_list("person_id", "name"))
                for index, person in enumerate(p for p in people if p.pk in excellent):
                    name = INITIATIVES[(index + len(unit.name)) % len(INITIATIVES)]
                    if (person.pk, name) in recorded:
                        continue
                    initiative_add(
                        actor=None,
                        person=person,
                        year=YEAR,
                        name=name,
                        level=Initiative.Level.UNIT,
                        recognised_by=RECOGNISED_BY,
                    )
                    self.count(_("sáng kiến"))

    def build_scores(self) -> None:
        covenant = Covenant.objects.filter(term=self.cluster_i, status=Covenant.Status.LOCKED).first()
        if covenant is None:
            return
        criteria = list(covenant.criteria.order_by("order"))
        units = self.members(self.cluster_i)
        # (scorer, scored) pairs already scored: a unit's row is all criteria or none (see unit_scores_set).
        done = set(
            UnitScore.objects.filter(criterion__covenant=covenant).values_list("scorer_unit_id", "scored_unit_id")
        )
        for i, scorer in enumerate(units):
            scores = {}
            for j, scored in enumerate(units):
                if (scorer.pk, scored.pk) in done:
                    continue
                points = _points(BASE_SCORES[scored.name], self_score=i == j, bump=(i + j) % 3 == 0)
                scores[scored.pk] = {c.pk: p for c, p in zip(criteria, points, strict=True)}
            if scores:
                result = unit_scores_set(actor=None, term=self.cluster_i, scorer=scorer, scores=scores)
                self.count(_("điểm chấm"), result.created)

    def build_exemplary(self) -> None:
        units = {u.name: u for u in self.members(self.cluster_i)}
        cstdcs = self.titles["cstdcs"]
        for unit_name, individual, description in EXEMPLARY:
            unit = units[unit_name]
            person = None
            if individual:
                registered = set(
                    Registration.objects.filter(unit=unit, year=YEAR, title=cstdcs).values_list("person_id", flat=True)
                )
                person = next((p for p in _people(unit) if p.pk in registered), None)
                if person is None:  # the registrations were changed since: nobody to mark
                    continue
            found = ExemplaryModel.objects.filter(year=YEAR, unit=unit, person=person)
            if found.exists():
                continue
            exemplary_create(actor=None, year=YEAR, unit=unit, person=person, description=description)
            self.count(_("điển hình tiên tiến"))

    def build(self) -> dict[str, int]:
        year = {"year": YEAR}
        steps = [
            (_("năm thi đua %(years)s") % {"years": ", ".join(str(y) for y, _r, _c in YEARS)}, self.build_years),
            (_("phong trào thi đua năm %(year)s") % year, self.build_movements),
            (_("đăng ký thi đua năm %(year)s") % year, self.build_registrations),
            (_("giao ước thi đua năm %(year)s") % year, self.build_covenants),
            (_("đánh giá, xếp loại và sáng kiến năm %(year)s") % year, self.build_evaluations),
            (_("chấm điểm giao ước năm %(year)s") % year, self.build_scores),
            (_("điển hình tiên tiến năm %(year)s") % year, self.build_exemplary),
        ]
        for label, step in steps:
            self.log(label)
            with transaction.atomic():
                step()
        return self.created


def build_demo(*, log: Callable[[str], None] | None = None) -> dict[str, int]:
    """Build (or complete) the 2016 campaigns of the demo world, after thidua.org.demo's organization.

    Returns what was created, as {label: how many}; a run on a complete world creates and changes nothing.
    Side effects: rows written through the campaigns services, audited as the system (actor None) except the
    sheets' approval, which is the board's (the demo account bantdkt); notifications of the approvals to the
    units' staff; three PDFs (the IT movement's launch plan, the two covenants), rendered when their step
    commits.
    """
    return DemoBuilder(log=log).build()
