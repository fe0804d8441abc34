"""The organization's services: the tree, cluster terms and their invariants."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests import factories
from thidua.org import services
from thidua.org.models import Cluster, ClusterMembership, ClusterTerm, Unit

pytestmark = pytest.mark.django_db


def test_paths_follow_the_tree_and_moves(world):
    assert world.chi_cuc.path == f"/{world.ministry.pk}/{world.cuc.pk}/{world.chi_cuc.pk}/"
    assert world.chi_cuc.depth == 2
    world.cuc.parent = world.other
    services.unit_save(actor=None, unit=world.cuc)
    world.chi_cuc.refresh_from_db()
    assert world.chi_cuc.path == f"/{world.other.pk}/{world.cuc.pk}/{world.chi_cuc.pk}/"
    assert world.chi_cuc.depth == 2


def test_a_unit_cannot_be_moved_under_its_own_descendant(world):
    world.ministry.parent = world.chi_cuc
    with pytest.raises(ValidationError) as exc:
        services.unit_save(actor=None, unit=world.ministry)
    assert "vòng lặp" in exc.value.message_dict["parent"][0]
    assert Unit.objects.get(pk=world.ministry.pk).parent_id is None


def test_term_leader_and_deputies_must_be_members(world):
    with pytest.raises(ValidationError) as exc:
        factories.term("Cụm thi đua số I", 2017, [world.vu_a], leader=world.vu_b, deputies=[world.cuc])
    errors = exc.value.message_dict
    assert errors["leader"] == ["Đơn vị Cụm trưởng (Vụ Tổ chức cán bộ) phải là thành viên của cụm."]
    assert errors["deputies"] == ["Đơn vị Cụm phó (Cục THADS tỉnh Yên Bái) phải là thành viên của cụm."]
    assert not ClusterTerm.objects.filter(year=2017).exists()


def test_a_unit_is_in_one_cluster_of_a_kind_per_year(world):
    with pytest.raises(ValidationError) as exc:
        factories.term("Cụm thi đua số II", 2016, [world.vu_a, world.cuc])
    assert exc.value.message_dict["members"] == [
        "Vụ Pháp luật dân sự - kinh tế đã là thành viên của Cụm thi đua số I năm 2016."
    ]
    assert (
        not Cluster.objects.filter(name="Cụm thi đua số II").exists()
        or not ClusterTerm.objects.filter(cluster__name="Cụm thi đua số II").exists()
    )
    # Another kind (a khu vực) the same year is allowed.
    factories.term("Khu vực miền núi phía Bắc", 2016, [world.vu_a], kind_=Cluster.Kind.KHU_VUC)


def test_database_refuses_a_second_cluster_of_the_same_kind(world):
    other = services.cluster_save(actor=None, cluster=Cluster(name="Cụm thi đua số III", kind=Cluster.Kind.CUM))
    other_term = ClusterTerm.objects.create(cluster=other, year=2016)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterMembership.objects.create(term=other_term, unit=world.vu_a)


def test_database_refuses_two_leaders(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterMembership.objects.filter(term=world.term, unit=world.vu_b).update(role="leader")


def test_changing_the_leader_swaps_roles(world):
    services.cluster_term_save(
        actor=None, term=world.term, members=[world.vu_a, world.vu_b], leader=world.vu_b, deputies=[world.vu_a]
    )
    roles = dict(world.term.memberships.values_list("unit__name", "role"))
    assert roles == {"Vụ Pháp luật dân sự - kinh tế": "deputy", "Vụ Tổ chức cán bộ": "leader"}


def test_removing_a_member_deletes_its_membership(world):
    services.cluster_term_save(actor=None, term=world.term, members=[world.vu_a], leader=world.vu_a)
    assert list(world.term.memberships.values_list("unit__name", flat=True)) == ["Vụ Pháp luật dân sự - kinh tế"]


def test_cluster_kind_is_fixed_once_it_has_terms(world):
    cluster = world.term.cluster
    cluster.kind = Cluster.Kind.KHOI
    with pytest.raises(ValidationError) as exc:
        services.cluster_save(actor=None, cluster=cluster)
    assert "kind" in exc.value.message_dict
    assert Cluster.objects.get(pk=cluster.pk).kind == Cluster.Kind.CUM


@pytest.mark.postgres
def test_postgres_keeps_membership_copies_equal_to_the_term(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterMembership.objects.filter(term=world.term).update(year=2017)


@pytest.mark.postgres
def test_postgres_cascades_a_cluster_kind_change_to_terms_and_memberships(world):
    Cluster.objects.filter(pk=world.term.cluster_id).update(kind=Cluster.Kind.KHOI)
    assert set(ClusterMembership.objects.filter(term=world.term).values_list("kind", flat=True)) == {"khoi"}
    assert ClusterTerm.objects.get(pk=world.term.pk).kind == "khoi"
