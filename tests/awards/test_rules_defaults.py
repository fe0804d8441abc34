"""The default rules and quotas shipped by migration 0002_default_rules, their reloading, and the catalogue's
titles they name."""

import importlib
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from awards.models import Condition, Quota, Rule
from awards.services.rules import rules_ensure_defaults
from thidua.titles.models import Title

pytestmark = pytest.mark.django_db


def _conditions(rule: Rule) -> list[tuple]:
    return [
        (
            c.kind,
            c.required_title.code if c.required_title_id else "",
            c.years,
            c.initiative_level,
            c.min_rating,
            c.min_percent,
            c.discipline_level,
        )
        for c in rule.conditions.order_by("order")
    ]


def _table() -> list[tuple]:
    return [
        (rule.title.code, rule.valid_from, rule.valid_to, rule.through_cluster, _conditions(rule))
        for rule in Rule.objects.select_related("title").order_by("title__code", "valid_from")
    ]


LDTT = [("rating", "", None, "", "tot", None, None), ("no_discipline", "", None, "", "", None, 2)]
CSTDCS = [("title_same_year", "ldtt", None, "", "", None, None), ("initiative", "", None, "co_so", "", None, None)]
CSTD_BO = [("consecutive", "cstdcs", 3, "", "", None, None), ("initiative", "", 3, "bo", "", None, None)]
CSTD_TQ = [("consecutive", "cstd-bo", 2, "", "", None, None), ("initiative", "", 2, "toan_quoc", "", None, None)]
TTLDTT = [
    ("rating", "", None, "", "tot", None, None),
    ("member_share", "", None, "", "", Decimal("70.00"), None),
    ("no_discipline", "", None, "", "", None, 2),
]
TTLDXS_2022 = [
    ("rating", "", None, "", "xuat_sac", None, None),
    ("members_completed", "", None, "", "", Decimal("100.00"), None),
    ("member_share", "", None, "", "", Decimal("70.00"), None),
]
TTLDXS_2003 = [*TTLDXS_2022, ("no_discipline", "", None, "", "", None, 2)]
CO_BO = [("cluster_vote", "co-bo", None, "", "", None, None)]
CO_CP = [("title_same_year", "co-bo", None, "", "", None, None), ("cluster_vote", "co-cp", None, "", "", None, None)]


def test_each_title_of_the_chains_has_a_version_under_each_law():
    assert _table() == [
        ("co-bo", 2013, 2023, True, CO_BO),
        ("co-bo", 2024, None, True, CO_BO),
        ("co-cp", 2013, 2023, True, CO_CP),
        ("co-cp", 2024, None, True, CO_CP),
        ("cstd-bo", 2013, 2023, False, CSTD_BO),
        ("cstd-bo", 2024, None, False, CSTD_BO),
        ("cstd-tq", 2013, 2023, False, CSTD_TQ),
        ("cstd-tq", 2024, None, False, CSTD_TQ),
        ("cstdcs", 2013, 2023, False, CSTDCS),
        ("cstdcs", 2024, None, False, CSTDCS),
        ("ldtt", 2013, 2023, False, LDTT),
        ("ldtt", 2024, None, False, LDTT),
        ("ttldtt", 2013, 2023, False, TTLDTT),
        ("ttldtt", 2024, None, False, TTLDTT),
        ("ttldxs", 2013, 2023, False, TTLDXS_2003),
        ("ttldxs", 2024, None, False, TTLDXS_2022),
    ]


def test_the_legal_bases_name_the_law_the_article_and_the_decrees():
    bases = dict(
        Rule.objects.filter(title__code="cstdcs").order_by("valid_from").values_list("valid_from", "legal_basis")
    )
    assert bases == {
        2013: "Điều 23 Luật Thi đua, khen thưởng năm 2003 (sửa đổi, bổ sung năm 2005 và năm 2013); Nghị định "
        "42/2010/NĐ-CP (sửa đổi bởi Nghị định 65/2014/NĐ-CP), áp dụng đến năm thi đua 2016; Nghị định 91/2017/NĐ-CP, "
        "áp dụng từ năm thi đua 2017.",
        2024: "Điều 23 Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP quy định chi tiết thi hành "
        "một số điều của Luật Thi đua, khen thưởng.",
    }
    ttldtt = Rule.objects.get(title__code="ttldtt", valid_from=2013)
    assert "«có trên 50% cá nhân trong tập thể đạt danh hiệu Lao động tiên tiến»" in ttldtt.notes


def test_the_government_banner_quota_is_20_percent_of_the_sector_banner_voted():
    quotas = list(
        Quota.objects.order_by("valid_from").values_list(
            "title__code", "base_title__code", "percent", "valid_from", "valid_to"
        )
    )
    assert quotas == [
        ("co-cp", "co-bo", Decimal("20.00"), 2013, 2023),
        ("co-cp", "co-bo", Decimal("20.00"), 2024, None),
    ]


def test_the_catalogue_has_the_forms_of_commendation_added():
    added = Title.objects.filter(code__in=["giay-khen-tt", "hcld-2-tt", "hcld-1-tt", "hc-huu-nghi"])
    assert sorted(added.values_list("name", "subject", "category", "level")) == [
        ("Giấy khen cho tập thể", "tap_the", "khen_thuong", "co_so"),
        ("Huy chương Hữu nghị", "ca_nhan", "khen_thuong", "nha_nuoc"),
        ("Huân chương Lao động hạng Nhì cho tập thể", "tap_the", "khen_thuong", "nha_nuoc"),
        ("Huân chương Lao động hạng Nhất cho tập thể", "tap_the", "khen_thuong", "nha_nuoc"),
    ]


def test_ensure_defaults_restores_what_is_missing_and_keeps_the_boards_versions():
    assert rules_ensure_defaults() == 0
    edited = Rule.objects.get(title__code="ldtt", valid_from=2024)
    edited.legal_basis = "Sửa bởi Vụ Thi đua - Khen thưởng"
    edited.save()
    Rule.objects.filter(title__code="cstd-bo", valid_from=2013).delete()
    Quota.objects.filter(valid_from=2024).delete()
    assert rules_ensure_defaults() == 2
    restored = Rule.objects.get(title__code="cstd-bo", valid_from=2013)
    assert _conditions(restored) == CSTD_BO
    assert Rule.objects.get(pk=edited.pk).legal_basis == "Sửa bởi Vụ Thi đua - Khen thưởng"
    assert Quota.objects.count() == 2


def _migration_apps():
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(("awards", "0002_default_rules")).apps


def test_the_migration_is_safe_to_run_again_and_its_way_back_deletes_what_it_created():
    migration = importlib.import_module("awards.migrations.0002_default_rules")
    apps = _migration_apps()
    migration.load(apps, None)
    assert (Rule.objects.count(), Condition.objects.count(), Quota.objects.count()) == (16, 35, 2)
    board_rule = Rule.objects.create(
        title=Title.objects.get(code="bk-bo"), name="Bằng khen", legal_basis="Điều 74", valid_from=2016
    )
    migration.unload(apps, None)
    assert list(Rule.objects.values_list("pk", flat=True)) == [board_rule.pk]
    assert (Condition.objects.count(), Quota.objects.count()) == (0, 0)
    migration.load(apps, None)
    assert (Rule.objects.count(), Condition.objects.count(), Quota.objects.count()) == (17, 35, 2)
