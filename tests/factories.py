"""Small factories for tests: they build through the services, like the demo data."""

from dataclasses import dataclass, field
from itertools import count

from django.contrib.auth import get_user_model

from thidua.org import services
from thidua.org.models import Cluster, ClusterTerm, Person, Province, Role, Unit, UnitKind

_seq = count(1)
PASSWORD = "Mat-khau-thu-nghiem-2016"


def kind(code: str = "vu", name: str = "Vụ", head_title: str = "Vụ trưởng") -> UnitKind:
    return UnitKind.objects.get_or_create(code=code, defaults={"name": name, "head_title": head_title})[0]


def province(name: str = "Yên Bái") -> Province:
    return Province.objects.get_or_create(name=name, defaults={"code": f"p{next(_seq)}"})[0]


def unit(name: str | None = None, *, parent: Unit | None = None, unit_kind: UnitKind | None = None, **fields) -> Unit:
    return services.unit_create(
        actor=None, name=name or f"Đơn vị {next(_seq)}", kind=unit_kind or kind(), parent=parent, **fields
    )


def person(unit_: Unit, full_name: str | None = None, **fields) -> Person:
    fields.setdefault("gender", Person.Gender.FEMALE)
    return services.person_create(
        actor=None, full_name=full_name or f"Nguyễn Thị Số {next(_seq)}", unit=unit_, **fields
    )


def user(username: str | None = None, *, role: str | None = None, unit_: Unit | None = None, **fields):
    User = get_user_model()
    account = User.objects.create_user(username=username or f"user{next(_seq)}", password=PASSWORD, **fields)
    if role:
        services.role_grant(actor=None, user=account, role=role, unit=unit_)
    return account


def term(cluster_name: str, year: int, members, *, leader=None, deputies=(), kind_=Cluster.Kind.CUM) -> ClusterTerm:
    cluster = Cluster.objects.filter(name=cluster_name).first() or services.cluster_save(
        actor=None, cluster=Cluster(name=cluster_name, kind=kind_)
    )
    existing = ClusterTerm.objects.filter(cluster=cluster, year=year).first()
    return services.cluster_term_save(
        actor=None,
        term=existing or ClusterTerm(cluster=cluster, year=year),
        members=members,
        leader=leader,
        deputies=deputies,
    )


@dataclass
class World:
    ministry: Unit
    vu_a: Unit
    vu_b: Unit
    cuc: Unit
    chi_cuc: Unit
    other: Unit
    term: ClusterTerm
    users: dict[str, object] = field(default_factory=dict)


def small_world() -> World:
    """Bộ → (Vụ A, Vụ B, Cục THADS → Chi cục); a separate root unit; Cụm 2016 = Vụ A (leader), Vụ B (deputy)."""
    ministry = unit("Bộ Tư pháp", unit_kind=kind("bo", "Bộ", "Bộ trưởng"))
    vu_a = unit("Vụ Pháp luật dân sự - kinh tế", parent=ministry)
    vu_b = unit("Vụ Tổ chức cán bộ", parent=ministry)
    cuc = unit("Cục THADS tỉnh Yên Bái", parent=ministry, unit_kind=kind("cuc-thads", "Cục THADS", "Cục trưởng"))
    chi_cuc = unit(
        "Chi cục THADS huyện Văn Yên", parent=cuc, unit_kind=kind("chi-cuc-thads", "Chi cục THADS", "Chi cục trưởng")
    )
    other = unit("Sở Tư pháp tỉnh Hòa Bình", unit_kind=kind("so-tp", "Sở Tư pháp", "Giám đốc"))
    for u in (ministry, vu_a, vu_b, cuc, chi_cuc, other):
        person(u, f"Trần Văn {u.pk}")
    cluster_term = term("Cụm thi đua số I", 2016, [vu_a, vu_b], leader=vu_a, deputies=[vu_b])
    world = World(ministry, vu_a, vu_b, cuc, chi_cuc, other, cluster_term)
    world.users = {
        "board": user("board", role=Role.BOARD),
        "staff_a": user("staff_a", role=Role.UNIT_STAFF, unit_=vu_a),
        "staff_b": user("staff_b", role=Role.UNIT_STAFF, unit_=vu_b),
        "staff_cuc": user("staff_cuc", role=Role.UNIT_STAFF, unit_=cuc),
        "staff_other": user("staff_other", role=Role.UNIT_STAFF, unit_=other),
        "leader_a": user("leader_a", role=Role.CLUSTER_LEADER, unit_=vu_a),
        "delegate_b": user("delegate_b", role=Role.DELEGATE, unit_=vu_b),
        "viewer": user("viewer", role=Role.VIEWER),
    }
    return world
