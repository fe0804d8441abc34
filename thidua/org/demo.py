"""The demo world: the Ministry of Justice, Cluster I and the northern mountainous region as reported from the
year-end emulation conferences of 22/11/2016, built through the services so that it obeys the same rules."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as
from thidua.core.vietnamese import fold
from thidua.titles.services import titles_ensure_defaults

from . import services
from .models import Cluster, ClusterTerm, Person, Province, Role, RoleAssignment, Unit, UnitKind

DEFAULT_PASSWORD = "ThiDua@2016"
MINISTRY = "Bộ Tư pháp"
GENERAL_DEPARTMENT = "Tổng cục Thi hành án dân sự"
CLUSTER_I = "Cụm thi đua số I"
REGION = "Khu vực thi đua các tỉnh miền núi phía Bắc"
NORTHERN_MOUNTAINS = "Miền núi phía Bắc"
YEARS = (2016, 2017)

# Marks the units that the source article does not name (tests and the admin find them by this text).
NOT_IN_SOURCE = "Không được nêu tên trong bài báo nguồn"
NOT_IN_SOURCE_NOTE = (
    f"{NOT_IN_SOURCE} (Hội nghị tổng kết công tác thi đua, khen thưởng năm 2016 của Cụm thi đua số I, "
    "ngày 22/11/2016). Đơn vị có thật của Bộ Tư pháp, được thêm vào dữ liệu mẫu để Cụm thi đua số I "
    "đủ 11 đơn vị như bài báo nêu."
)

# (code, name, head title, order)
UNIT_KINDS = [
    ("bo", "Bộ", "Bộ trưởng", 0),
    ("vu", "Vụ", "Vụ trưởng", 10),
    ("van-phong", "Văn phòng", "Chánh Văn phòng", 20),
    ("thanh-tra", "Thanh tra", "Chánh Thanh tra", 30),
    ("cuc", "Cục", "Cục trưởng", 40),
    ("tong-cuc", "Tổng cục", "Tổng cục trưởng", 50),
    ("so-tu-phap", "Sở Tư pháp", "Giám đốc", 60),
    ("cuc-thads", "Cục THADS", "Cục trưởng", 70),
    ("chi-cuc-thads", "Chi cục THADS", "Chi cục trưởng", 80),
]

# The 14 northern mountainous provinces as they were in 2016, each with three of its districts of that time
# (the provincial city first). Each district gets a Chi cục THADS.
PROVINCES = [
    ("Hà Giang", ["thành phố Hà Giang", "huyện Vị Xuyên", "huyện Bắc Quang"]),
    ("Cao Bằng", ["thành phố Cao Bằng", "huyện Hòa An", "huyện Bảo Lạc"]),
    ("Bắc Kạn", ["thành phố Bắc Kạn", "huyện Ba Bể", "huyện Chợ Đồn"]),
    ("Tuyên Quang", ["thành phố Tuyên Quang", "huyện Yên Sơn", "huyện Sơn Dương"]),
    ("Lào Cai", ["thành phố Lào Cai", "huyện Bảo Thắng", "huyện Bát Xát"]),
    ("Yên Bái", ["thành phố Yên Bái", "huyện Văn Yên", "huyện Lục Yên"]),
    ("Thái Nguyên", ["thành phố Thái Nguyên", "huyện Đại Từ", "huyện Phú Bình"]),
    ("Lạng Sơn", ["thành phố Lạng Sơn", "huyện Cao Lộc", "huyện Hữu Lũng"]),
    ("Bắc Giang", ["thành phố Bắc Giang", "huyện Lục Ngạn", "huyện Yên Thế"]),
    ("Phú Thọ", ["thành phố Việt Trì", "thị xã Phú Thọ", "huyện Lâm Thao"]),
    ("Điện Biên", ["thành phố Điện Biên Phủ", "huyện Điện Biên", "huyện Tuần Giáo"]),
    ("Lai Châu", ["thành phố Lai Châu", "huyện Tam Đường", "huyện Phong Thổ"]),
    ("Sơn La", ["thành phố Sơn La", "huyện Mai Sơn", "huyện Mộc Châu"]),
    ("Hòa Bình", ["thành phố Hòa Bình", "huyện Lương Sơn", "huyện Mai Châu"]),
]
HANOI = ("Hà Nội", "Đồng bằng sông Hồng")

# Cluster I of the seed: (name, kind code, short name). The first five are named in the article.
CLUSTER_I_NAMED = [
    ("Vụ Pháp luật dân sự - kinh tế", "vu", "Vụ PLDSKT"),
    ("Vụ Tổ chức cán bộ", "vu", "Vụ TCCB"),
    ("Vụ Các vấn đề chung về xây dựng pháp luật", "vu", "Vụ CVĐCXDPL"),
    ("Vụ Pháp luật quốc tế", "vu", "Vụ PLQT"),
    ("Văn phòng Bộ", "van-phong", "VP Bộ"),
]
CLUSTER_I_ADDED = [
    ("Vụ Pháp luật hình sự - hành chính", "vu", "Vụ PLHSHC"),
    ("Vụ Hợp tác quốc tế", "vu", "Vụ HTQT"),
    ("Vụ Kế hoạch - Tài chính", "vu", "Vụ KHTC"),
    ("Thanh tra Bộ", "thanh-tra", "TTB"),
    ("Vụ Thi đua - Khen thưởng", "vu", "Vụ TĐKT"),
    ("Vụ Phổ biến, giáo dục pháp luật", "vu", "Vụ PBGDPL"),
]
CLUSTER_I_LEADER = "Vụ Các vấn đề chung về xây dựng pháp luật"
CLUSTER_I_DEPUTY_2017 = "Văn phòng Bộ"


def so_tu_phap(province: str) -> str:
    return f"Sở Tư pháp tỉnh {province}"


def cuc_thads(province: str) -> str:
    return f"Cục THADS tỉnh {province}"


def chi_cuc_thads(district: str) -> str:
    return f"Chi cục THADS {district}"


# People the article names, in their units: (unit, full name, position). All four are men.
NAMED_PEOPLE = [
    (MINISTRY, "Trần Tiến Dũng", "Thứ trưởng"),
    (MINISTRY, "Lê Tiến Châu", "Thứ trưởng"),
    (CLUSTER_I_LEADER, "Nguyễn Hồng Tuyến", "Vụ trưởng"),
    (cuc_thads("Yên Bái"), "Nguyễn Huy Hải", "Cục trưởng"),
]
# Named in the article but not a person of the ministry or its sector: never added.
NOT_MINISTRY_PEOPLE = ["Nguyễn Văn Chương"]  # Phó Chủ tịch UBND tỉnh Hòa Bình

TERM_NOTES = {
    (CLUSTER_I, 2016): (
        "Theo bài báo nguồn, năm 2016 Cụm có 11 đơn vị. Bài báo không nêu đơn vị Cụm trưởng năm 2016: "
        "Vụ Các vấn đề chung về xây dựng pháp luật được ghi là Cụm trưởng theo suy luận, vì Vụ trưởng "
        "Nguyễn Hồng Tuyến là người trình bày báo cáo tổng kết của Cụm tại Hội nghị ngày 22/11/2016. "
        "Bài báo không nêu Cụm phó năm 2016."
    ),
    (CLUSTER_I, 2017): (
        "Quyết định cử Cụm trưởng năm 2017 (Vụ trưởng Vụ Các vấn đề chung về xây dựng pháp luật) và Phó Cụm "
        "trưởng (Chánh Văn phòng Bộ Tư pháp) được công bố tại Hội nghị tổng kết ngày 22/11/2016; bài báo "
        "không nêu số và ngày của quyết định. Thành viên năm 2017 giả định giữ nguyên như năm 2016."
    ),
    (REGION, 2016): (
        "Bài báo nguồn không nêu Trưởng khu vực năm 2016. Cục trưởng Cục THADS tỉnh Yên Bái Nguyễn Huy Hải "
        "là Phó trưởng khu vực thi đua (báo cáo tại Hội nghị tổng kết ngày 22/11/2016 tại tỉnh Hòa Bình). "
        "Thành viên: Sở Tư pháp, Cục THADS và các Chi cục THADS có trong dữ liệu mẫu của 14 tỉnh."
    ),
    (REGION, 2017): (
        "Quyết định cử Trưởng khu vực năm 2017 (Cục trưởng Cục THADS tỉnh Yên Bái) và Phó trưởng khu vực "
        "(Giám đốc Sở Tư pháp tỉnh Thái Nguyên, Cục trưởng Cục THADS tỉnh Tuyên Quang) được công bố tại Hội "
        "nghị tổng kết ngày 22/11/2016; bài báo không nêu số và ngày của quyết định. Thành viên năm 2017 giả "
        "định giữ nguyên như năm 2016."
    ),
}


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    unit: str | None  # None: not scoped to a unit (the board, a ministry-wide viewer)
    destination: str  # "admin" or "portal"


LOGINS = [
    Login("bantdkt", Role.BOARD, None, "admin"),
    Login("canbo.dansu", Role.UNIT_STAFF, "Vụ Pháp luật dân sự - kinh tế", "portal"),
    Login("cumtruong.cum1", Role.CLUSTER_LEADER, CLUSTER_I_LEADER, "portal"),
    Login("daibieu.tccb", Role.DELEGATE, "Vụ Tổ chức cán bộ", "portal"),
    Login("lanhdao", Role.VIEWER, None, "portal"),
    Login("canbo.thads.yenbai", Role.UNIT_STAFF, cuc_thads("Yên Bái"), "portal"),
]

# Names for the generated people. Family names include those common among the northern mountain peoples.
# fmt: off
FAMILY_NAMES = ["Nguyễn"] * 8 + ["Trần"] * 4 + ["Lê"] * 3 + ["Phạm", "Hoàng"] * 2 + [
    "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Đinh", "Lương", "Hà", "Lò", "Nông", "Triệu", "Ma", "Lục", "Vi",
    "Phan", "Trịnh", "Tạ", "Mai",
]
MIDDLE_NAMES = {
    Person.Gender.MALE: ["Văn", "Văn", "Văn", "Đức", "Hữu", "Quang", "Minh", "Mạnh", "Xuân", "Tiến", "Công", "Huy"],
    Person.Gender.FEMALE: ["Thị", "Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Thùy", "Phương", "Hồng", "Kim"],
}
GIVEN_NAMES = {
    Person.Gender.MALE: [
        "An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh",
        "Kiên", "Long", "Lâm", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Thành",
        "Thịnh", "Trung", "Tuấn", "Tùng", "Việt", "Vinh",
    ],
    Person.Gender.FEMALE: [
        "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương", "Huyền", "Lan", "Liên", "Linh",
        "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Thảo", "Thủy", "Trang", "Tuyết",
        "Vân", "Yến",
    ],
}
# fmt: on

# Staff positions below the head and deputies, by unit kind, with weights.
STAFF_POSITIONS = {
    "bo": [("Chuyên viên cao cấp", 1), ("Chuyên viên chính", 2), ("Chuyên viên", 2)],
    "vu": [("Chuyên viên cao cấp", 1), ("Chuyên viên chính", 4), ("Chuyên viên", 6), ("Cán sự", 1)],
    "van-phong": [("Trưởng phòng", 2), ("Chuyên viên chính", 3), ("Chuyên viên", 6), ("Cán sự", 2)],
    "thanh-tra": [("Thanh tra viên cao cấp", 1), ("Thanh tra viên chính", 3), ("Thanh tra viên", 5)],
    "tong-cuc": [("Vụ trưởng", 1), ("Chuyên viên chính", 4), ("Chuyên viên", 6), ("Thẩm tra viên", 2)],
    "cuc-thads": [
        ("Trưởng phòng", 2),
        ("Chấp hành viên", 5),
        ("Thẩm tra viên", 2),
        ("Thư ký thi hành án", 4),
        ("Kế toán viên", 1),
    ],
    "chi-cuc-thads": [("Chấp hành viên", 4), ("Thư ký thi hành án", 3), ("Kế toán viên", 1), ("Cán sự", 1)],
    "so-tu-phap": [("Chánh Văn phòng Sở", 1), ("Trưởng phòng", 3), ("Chuyên viên chính", 3), ("Chuyên viên", 6)],
}
# How many generated people per unit kind (inclusive range); the ministry's departments are the largest.
PEOPLE_PER_UNIT = {
    "bo": (6, 6),
    "vu": (18, 25),
    "van-phong": (22, 30),
    "thanh-tra": (14, 20),
    "tong-cuc": (20, 28),
    "cuc-thads": (14, 22),
    "chi-cuc-thads": (8, 12),
    "so-tu-phap": (12, 20),
}


def random_name(rng: random.Random, gender: str) -> str:
    family = rng.choice(FAMILY_NAMES)
    middle = rng.choice(MIDDLE_NAMES[gender])
    if gender == Person.Gender.FEMALE and middle == "Thị" and rng.random() < 0.25:
        middle = f"Thị {rng.choice(['Thu', 'Thanh', 'Ngọc', 'Minh', 'Phương', 'Hồng'])}"
    return f"{family} {middle} {rng.choice(GIVEN_NAMES[gender])}"


@dataclass(frozen=True)
class PlannedPerson:
    full_name: str
    position: str
    gender: str
    birth_year: int


def plan_people(unit_name: str, kind_code: str, head_title: str, named: list[tuple[str, str]]) -> list[PlannedPerson]:
    """The people of one unit: the same list on every run (the generator is seeded by the unit's name)."""
    rng = random.Random(f"thidua-demo:{unit_name}")
    low, high = PEOPLE_PER_UNIT[kind_code]
    planned = [PlannedPerson(name, position, Person.Gender.MALE, 1960 + rng.randint(0, 12)) for name, position in named]
    # Nobody generated shares a name with a person of the article, in any unit.
    taken = {name for _unit, name, _position in NAMED_PEOPLE} | set(NOT_MINISTRY_PEOPLE)
    positions = []
    if kind_code != "bo" and not any(position == head_title for _name, position in named):
        positions.append(head_title)
    if kind_code != "bo":
        positions += [f"Phó {head_title}"] * rng.randint(1, 3)
    choices, weights = zip(*STAFF_POSITIONS[kind_code], strict=True)
    positions += rng.choices(choices, weights, k=rng.randint(low, high) - len(positions))
    for position in positions:
        gender = Person.Gender.MALE if rng.random() < 0.5 else Person.Gender.FEMALE
        name = random_name(rng, gender)
        while name in taken:
            name = random_name(rng, gender)
        taken.add(name)
        leads = position == head_title or position.startswith("Phó ")
        birth_year = rng.randint(1962, 1976) if leads else rng.randint(1965, 1995)
        planned.append(PlannedPerson(name, position, gender, birth_year))
    return planned


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    new_users: list[str] = field(default_factory=list)

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n


class DemoBuilder:
    """Builds the demo world; every step looks its rows up by natural key first and creates only what is
    missing, so a second run changes nothing and never overwrites what someone edited since."""

    def __init__(self, *, password: str = DEFAULT_PASSWORD, log: Callable[[str], None] | None = None):
        self.password = password
        self.log = log or (lambda message: None)
        self.result = DemoResult()
        self.kinds: dict[str, UnitKind] = {}
        self.provinces: dict[str, Province] = {}

    # --- reference lists -------------------------------------------------------------------------------

    def _kind(self, code: str, name: str, head_title: str, order: int) -> UnitKind:
        found = UnitKind.objects.filter(code=code).first() or UnitKind.objects.filter(name=name).first()
        if found is None:
            found = UnitKind(code=code, name=name, head_title=head_title, order=order)
            found.full_clean()
            found.save()
            self.result.count("unit_kinds")
        return found

    def _province(self, name: str, region: str) -> Province:
        found = Province.objects.filter(name=name).first()
        if found is None:
            found = Province(name=name, code=fold(name).replace(" ", "-"), region=region)
            found.full_clean()
            found.save()
            self.result.count("provinces")
        return found

    def build_reference(self) -> None:
        with transaction.atomic(), acting_as(None):
            # The catalogue comes with the migrations; a flushed database (the benchmark's) gets it back here.
            titles_ensure_defaults()
            for code, name, head_title, order in UNIT_KINDS:
                self.kinds[code] = self._kind(code, name, head_title, order)
            for name, _districts in PROVINCES:
                self.provinces[name] = self._province(name, NORTHERN_MOUNTAINS)
            self.provinces[HANOI[0]] = self._province(*HANOI)

    # --- units -----------------------------------------------------------------------------------------

    def _unit(self, name: str, kind_code: str, parent: Unit | None = None, **fields) -> Unit:
        found = Unit.objects.filter(name=name, parent=parent).select_related("kind").first()
        if found is None:
            found = services.unit_create(actor=None, name=name, kind=self.kinds[kind_code], parent=parent, **fields)
            self.result.count("units")
        self.result.units[name] = found
        return found

    def build_units(self) -> None:
        hanoi = self.provinces[HANOI[0]]
        with transaction.atomic():
            ministry = self._unit(MINISTRY, "bo", province=hanoi, short_name="BTP")
            for name, kind_code, short_name in CLUSTER_I_NAMED:
                self._unit(name, kind_code, ministry, province=hanoi, short_name=short_name)
            for name, kind_code, short_name in CLUSTER_I_ADDED:
                self._unit(name, kind_code, ministry, province=hanoi, short_name=short_name, notes=NOT_IN_SOURCE_NOTE)
            general = self._unit(GENERAL_DEPARTMENT, "tong-cuc", ministry, province=hanoi, short_name="TCTHADS")
        for province_name, districts in PROVINCES:
            province = self.provinces[province_name]
            with transaction.atomic():
                cuc = self._unit(cuc_thads(province_name), "cuc-thads", general, province=province)
                for district in districts:
                    self._unit(chi_cuc_thads(district), "chi-cuc-thads", cuc, province=province)
                # A Sở Tư pháp belongs to the province's People's Committee, not to the ministry: a root.
                self._unit(so_tu_phap(province_name), "so-tu-phap", None, province=province)

    # --- people ----------------------------------------------------------------------------------------

    def build_people(self) -> None:
        named_by_unit: dict[str, list[tuple[str, str]]] = {}
        for unit_name, full_name, position in NAMED_PEOPLE:
            named_by_unit.setdefault(unit_name, []).append((full_name, position))
        for unit_name, unit in self.result.units.items():
            planned = plan_people(unit_name, unit.kind.code, unit.display_head_title, named_by_unit.get(unit_name, []))
            existing = set(Person.objects.filter(unit=unit).values_list("full_name", flat=True))
            missing = [p for p in planned if p.full_name not in existing]
            if not missing:
                continue
            with transaction.atomic():
                for p in missing:
                    services.person_create(
                        actor=None,
                        full_name=p.full_name,
                        unit=unit,
                        gender=p.gender,
                        position=p.position,
                        birth_year=p.birth_year,
                    )
            self.result.count("people", len(missing))

    # --- clusters --------------------------------------------------------------------------------------

    def _cluster(self, name: str, kind: str, short_name: str, description: str) -> Cluster:
        found = Cluster.objects.filter(name=name).first()
        if found is None:
            found = services.cluster_save(
                actor=None, cluster=Cluster(name=name, kind=kind, short_name=short_name, description=description)
            )
            self.result.count("clusters")
        return found

    def _term(self, cluster: Cluster, year: int, members: list[Unit], leader: Unit | None, deputies: list[Unit]):
        if ClusterTerm.objects.filter(cluster=cluster, year=year).exists():
            return
        services.cluster_term_save(
            actor=None,
            term=ClusterTerm(cluster=cluster, year=year, notes=TERM_NOTES[(cluster.name, year)]),
            members=members,
            leader=leader,
            deputies=deputies,
        )
        self.result.count("terms")

    def build_clusters(self) -> None:
        u = self.result.units
        with transaction.atomic():
            cluster_i = self._cluster(
                CLUSTER_I,
                Cluster.Kind.CUM,
                "Cụm I",
                "Cụm thi đua số I khối các đơn vị thuộc Bộ Tư pháp (11 đơn vị năm 2016).",
            )
            members = [u[name] for name, _k, _s in CLUSTER_I_NAMED + CLUSTER_I_ADDED]
            self._term(cluster_i, 2016, members, u[CLUSTER_I_LEADER], [])
            self._term(cluster_i, 2017, members, u[CLUSTER_I_LEADER], [u[CLUSTER_I_DEPUTY_2017]])
        with transaction.atomic():
            region = self._cluster(
                REGION,
                Cluster.Kind.KHU_VUC,
                "Khu vực miền núi phía Bắc",
                "Sở Tư pháp, Cục Thi hành án dân sự và Chi cục Thi hành án dân sự của 14 tỉnh miền núi phía Bắc.",
            )
            members = []
            for province_name, districts in PROVINCES:
                members += [u[so_tu_phap(province_name)], u[cuc_thads(province_name)]]
                members += [u[chi_cuc_thads(d)] for d in districts]
            yen_bai = u[cuc_thads("Yên Bái")]
            self._term(region, 2016, members, None, [yen_bai])
            self._term(region, 2017, members, yen_bai, [u[so_tu_phap("Thái Nguyên")], u[cuc_thads("Tuyên Quang")]])

    # --- logins ----------------------------------------------------------------------------------------

    def build_logins(self) -> None:
        User = get_user_model()
        for login in LOGINS:
            unit = self.result.units[login.unit] if login.unit else None
            with transaction.atomic(), acting_as(None):
                user = User.objects.filter(username=login.username).first()
                if user is None:
                    # The password is set only when the account is created: a later run keeps a changed one.
                    user = User.objects.create_user(username=login.username, password=self.password)
                    self.result.new_users.append(login.username)
                    self.result.count("users")
                if not RoleAssignment.objects.filter(user=user, role=login.role, unit=unit).exists():
                    services.role_grant(actor=None, user=user, role=login.role, unit=unit)
                    self.result.count("roles")

    def build(self) -> DemoResult:
        steps = [
            (_("danh mục loại đơn vị, tỉnh"), self.build_reference),
            (_("đơn vị"), self.build_units),
            (_("cá nhân"), self.build_people),
            (_("cụm, khu vực thi đua"), self.build_clusters),
            (_("tài khoản"), self.build_logins),
        ]
        for label, step in steps:
            self.log(label)
            step()
        return self.result


def build_demo(*, password: str = DEFAULT_PASSWORD, log: Callable[[str], None] | None = None) -> DemoResult:
    """Build (or complete) the demo world. Side effects: rows created through the services, each audited
    with no actor (the system); nothing that already exists is changed."""
    return DemoBuilder(password=password, log=log).build()
