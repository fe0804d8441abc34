"""The demo data: the seed article's facts hold after `seed_demo`, and a second run changes nothing."""

from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count

from thidua.org.demo import CLUSTER_I, CLUSTER_I_NAMED, DEFAULT_PASSWORD, NOT_IN_SOURCE, REGION
from thidua.org.models import (
    Cluster,
    ClusterMembership,
    ClusterTerm,
    Person,
    Province,
    Role,
    RoleAssignment,
    Unit,
    UnitKind,
)

pytestmark = pytest.mark.django_db

MODELS = [Province, UnitKind, Unit, Person, Cluster, ClusterTerm, ClusterMembership, RoleAssignment, LogEntry]


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo world built once for a class of read-only tests, in a transaction rolled back afterwards
    (each test still runs in its own savepoint)."""
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _roles(term: ClusterTerm, role: str) -> set[str]:
    return {m.unit.name for m in term.memberships.filter(role=role).select_related("unit")}


class TestTheSeedFacts:
    """Read-only checks of the facts of the article, on one shared build."""

    def test_cluster_i_has_the_eleven_units_of_2016(self, demo):
        term = ClusterTerm.objects.get(cluster__name=CLUSTER_I, year=2016)
        assert term.cluster.kind == Cluster.Kind.CUM
        members = set(term.units.values_list("name", flat=True))
        assert len(members) == 11
        named = {name for name, _kind, _short in CLUSTER_I_NAMED}
        assert named == {
            "Vụ Pháp luật dân sự - kinh tế",
            "Vụ Tổ chức cán bộ",
            "Vụ Các vấn đề chung về xây dựng pháp luật",
            "Vụ Pháp luật quốc tế",
            "Văn phòng Bộ",
        }
        assert named <= members
        added = term.units.filter(notes__startswith=NOT_IN_SOURCE)
        assert added.count() == 6
        assert set(added.values_list("name", flat=True)) == members - named
        assert not term.units.filter(name__in=named, notes__contains=NOT_IN_SOURCE).exists()
        ministry = Unit.objects.get(name="Bộ Tư pháp", parent=None)
        assert all(u.parent_id == ministry.pk for u in term.units.all())
        assert ministry.province.name == "Hà Nội"

    def test_cluster_i_leaders(self, demo):
        term_2017 = ClusterTerm.objects.get(cluster__name=CLUSTER_I, year=2017)
        assert _roles(term_2017, "leader") == {"Vụ Các vấn đề chung về xây dựng pháp luật"}
        assert _roles(term_2017, "deputy") == {"Văn phòng Bộ"}
        assert "22/11/2016" in term_2017.notes
        term_2016 = ClusterTerm.objects.get(cluster__name=CLUSTER_I, year=2016)
        assert _roles(term_2016, "leader") == {"Vụ Các vấn đề chung về xây dựng pháp luật"}
        assert "suy luận" in term_2016.notes

    def test_region_members_and_leaders(self, demo):
        term_2016 = ClusterTerm.objects.get(cluster__name=REGION, year=2016)
        assert term_2016.cluster.kind == Cluster.Kind.KHU_VUC
        by_kind = dict(term_2016.units.values_list("kind__code").annotate(n=Count("id")))
        assert by_kind["so-tu-phap"] == 14
        assert by_kind["cuc-thads"] == 14
        assert by_kind["chi-cuc-thads"] >= 42
        assert set(by_kind) == {"so-tu-phap", "cuc-thads", "chi-cuc-thads"}
        assert _roles(term_2016, "leader") == set()
        assert _roles(term_2016, "deputy") == {"Cục THADS tỉnh Yên Bái"}
        assert "không nêu Trưởng khu vực" in term_2016.notes

        term_2017 = ClusterTerm.objects.get(cluster__name=REGION, year=2017)
        assert _roles(term_2017, "leader") == {"Cục THADS tỉnh Yên Bái"}
        assert _roles(term_2017, "deputy") == {"Sở Tư pháp tỉnh Thái Nguyên", "Cục THADS tỉnh Tuyên Quang"}
        assert "22/11/2016" in term_2017.notes

    def test_region_tree_and_provinces(self, demo):
        mountains = Province.objects.filter(region="Miền núi phía Bắc")
        assert mountains.count() == 14
        for province in mountains:
            so = Unit.objects.get(name=f"Sở Tư pháp tỉnh {province.name}")
            assert so.parent_id is None
            assert so.province_id == province.pk
            assert so.display_head_title == "Giám đốc"
            cuc = Unit.objects.get(name=f"Cục THADS tỉnh {province.name}")
            assert cuc.parent.name == "Tổng cục Thi hành án dân sự"
            assert cuc.parent.parent.name == "Bộ Tư pháp"
            chi_cuc = list(cuc.children.all())
            assert len(chi_cuc) >= 3
            assert all(c.name.startswith("Chi cục THADS ") and c.province_id == province.pk for c in chi_cuc)
            assert all(c.path == f"{cuc.path}{c.pk}/" for c in chi_cuc)
        assert set(Unit.objects.get(name="Cục THADS tỉnh Yên Bái").children.values_list("name", flat=True)) >= {
            "Chi cục THADS thành phố Yên Bái",
            "Chi cục THADS huyện Văn Yên",
            "Chi cục THADS huyện Lục Yên",
        }

    def test_people_in_every_unit_and_the_named_ones(self, demo):
        assert not Unit.objects.annotate(n=Count("people")).filter(n=0).exists()
        assert not Unit.objects.annotate(n=Count("people")).filter(n__gt=40).exists()
        named = {
            ("Nguyễn Hồng Tuyến", "Vụ trưởng", "Vụ Các vấn đề chung về xây dựng pháp luật"),
            ("Nguyễn Huy Hải", "Cục trưởng", "Cục THADS tỉnh Yên Bái"),
            ("Trần Tiến Dũng", "Thứ trưởng", "Bộ Tư pháp"),
            ("Lê Tiến Châu", "Thứ trưởng", "Bộ Tư pháp"),
        }
        for full_name, position, unit_name in named:
            person = Person.objects.get(full_name=full_name)
            assert (person.position, person.unit.name, person.gender) == (position, unit_name, Person.Gender.MALE)
        assert not Person.objects.filter(full_name="Nguyễn Văn Chương").exists()
        # Named heads are the only heads of their units.
        assert Person.objects.filter(unit__name="Cục THADS tỉnh Yên Bái", position="Cục trưởng").count() == 1
        assert not Person.objects.filter(given_name="").exists()
        assert not Person.objects.filter(full_name__contains="  ").exists()

    def test_one_login_per_role(self, demo):
        User = get_user_model()
        expected = {
            "bantdkt": (Role.BOARD, None),
            "canbo.dansu": (Role.UNIT_STAFF, "Vụ Pháp luật dân sự - kinh tế"),
            "cumtruong.cum1": (Role.CLUSTER_LEADER, "Vụ Các vấn đề chung về xây dựng pháp luật"),
            "daibieu.tccb": (Role.DELEGATE, "Vụ Tổ chức cán bộ"),
            "lanhdao": (Role.VIEWER, None),
            "canbo.thads.yenbai": (Role.UNIT_STAFF, "Cục THADS tỉnh Yên Bái"),
        }
        for username, (role, unit_name) in expected.items():
            user = User.objects.get(username=username)
            assert user.check_password(DEFAULT_PASSWORD)
            assignments = list(user.role_assignments.select_related("unit"))
            assert [(a.role, a.unit.name if a.unit else None) for a in assignments] == [(role, unit_name)]
            assert user.is_staff == (role == Role.BOARD)
            assert username in demo
        assert "ThiDua@2016" in demo

    def test_writes_are_audited_as_the_system(self, demo):
        org = LogEntry.objects.filter(content_type__app_label="org")
        assert org.count() > 1000
        # Except the cluster terms' decision references, written by the board when it signs the appointment
        # decisions (voting.demo, after the conferences chose the 2017 leaders).
        assert (
            not org.exclude(actor=None).exclude(actor__username="bantdkt", content_type__model="clusterterm").exists()
        )
        # The apps' demo data (seed_demo runs every app's demo module) act as the system too, except the board's
        # own acts (approving the registration sheets), done by the board's demo account, and Cluster I's summary
        # report, written and printed (its number, its PDF) by its leader unit's account.
        acts = LogEntry.objects.exclude(actor=None)
        assert set(acts.values_list("actor__username", flat=True)) <= {"bantdkt", "cumtruong.cum1"}
        leader = acts.filter(actor__username="cumtruong.cum1")
        assert set(leader.values_list("content_type__model", flat=True)) == {
            "summaryreport",
            "rendereddocument",
            "documentseries",
        }


def test_a_second_run_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    before = {model.__name__: model.objects.count() for model in MODELS}
    User = get_user_model()
    user = User.objects.get(username="canbo.dansu")
    user.set_password("Mat-khau-rieng-cua-toi-1")
    user.save()
    out = StringIO()
    call_command("seed_demo", "--password", "Mot-mat-khau-khac-2016", stdout=out)
    assert {model.__name__: model.objects.count() for model in MODELS} == before
    assert "không thay đổi gì" in out.getvalue()
    assert User.objects.get(username="canbo.dansu").check_password("Mat-khau-rieng-cua-toi-1")


def test_the_password_option_and_its_validation():
    out = StringIO()
    call_command("seed_demo", "--password", "Mat-khau-demo-2016", stdout=out)
    assert get_user_model().objects.get(username="lanhdao").check_password("Mat-khau-demo-2016")
    assert "Mat-khau-demo-2016" in out.getvalue()


def test_a_weak_password_is_refused_and_nothing_is_written():
    with pytest.raises(CommandError):
        call_command("seed_demo", "--password", "123")
    assert not Unit.objects.exists()
