"""The benchmark's helpers, the protocol of the apps' benchmarks, and the large synthetic world it measures."""

import ast
import inspect
import socket
from io import StringIO
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from thidua.core.bench import (
    Goal,
    app_benchmarks,
    app_demo_benchmarks,
    format_table,
    free_port,
    get,
    goals_table,
    gunicorn,
    percentile,
    server_env,
    time_requests,
)
from thidua.org.management.commands.seed_scale import SYNTHETIC_NOTE, SYNTHETIC_ROOT
from thidua.org.models import Cluster, ClusterMembership, ClusterTerm, Person, Unit


def test_percentile_interpolates_between_ranks():
    values = list(range(100, 0, -1))  # 1..100, unsorted on purpose
    assert percentile(values, 50) == 50.5
    assert percentile(values, 95) == pytest.approx(95.05, abs=1e-12)
    assert percentile(values, 0) == 1
    assert percentile(values, 100) == 100
    assert percentile([10, 20, 30, 40], 50) == 25
    assert percentile([10, 20, 30, 40], 25) == 17.5
    assert percentile([7], 95) == 7


def test_percentile_refuses_nonsense():
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1, 2], 101)


def test_format_table_aligns_columns():
    assert format_table([("trang", "p50"), ("a", "1.5"), ("bb", "12.25")]) == (
        "trang    p50\n-----  -----\na        1.5\nbb     12.25"
    )


def test_gunicorn_serves_the_bare_view_and_stops(tmp_path):
    env = server_env(database_url=f"sqlite:///{tmp_path / 'bench.sqlite3'}", secret_key="k" * 60)
    with gunicorn(cwd=settings.BASE_DIR, env=env, workers=1) as port:
        assert get(port, "/healthz/") == (200, b"ok")
        latencies = time_requests(port, [("/healthz/", {}), ("/healthz/", {})], requests=5, warmup=2)
        assert [len(times) for times in latencies] == [5, 5]
        assert all(ms > 0 for times in latencies for ms in times)
    with pytest.raises(OSError):
        get(port, "/healthz/", timeout=1)


def test_free_port_is_free():
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


@pytest.mark.django_db
def test_bench_refuses_a_database_that_is_not_for_benchmarks(monkeypatch):
    # Whatever the test database is called (test_thidua_bench2 would pass the check and rebuild it).
    monkeypatch.setitem(connection.settings_dict, "NAME", "test_thidua")
    with pytest.raises(CommandError) as exc:
        call_command("bench")
    assert "bench" in str(exc.value)


def _assert_paths():
    """Every unit's path is its parent's path plus its own id; the depth follows."""
    for unit in Unit.objects.select_related("parent"):
        expected = f"{unit.parent.path}{unit.pk}/" if unit.parent else f"/{unit.pk}/"
        assert (unit.path, unit.depth) == (expected, expected.count("/") - 2), unit.name


def _rows():
    return [Unit.objects.count(), Person.objects.count(), ClusterTerm.objects.count(), LogEntry.objects.count()]


@pytest.mark.django_db
def test_seed_scale_reaches_exact_totals_with_correct_paths(world):
    call_command("seed_scale", "--units", "30", "--people", "500", stdout=StringIO())
    assert Unit.objects.count() == 30
    assert Person.objects.count() == 500
    _assert_paths()
    root = Unit.objects.get(name=SYNTHETIC_ROOT, parent=None)
    assert root.notes == SYNTHETIC_NOTE
    synthetic = Unit.objects.filter(path__startswith=root.path)
    assert synthetic.count() == 30 - 6  # the world fixture has 6 units
    assert not synthetic.exclude(notes=SYNTHETIC_NOTE).exists()
    assert set(synthetic.values_list("depth", flat=True)) == {0, 1, 2}
    people = Person.objects.filter(unit__path__startswith=root.path)
    assert people.count() == 500 - 6
    for person in people:
        assert person.full_name == " ".join(person.full_name.split())
        assert person.given_name == person.full_name.rsplit(" ", 1)[-1]

    before = _rows()
    call_command("seed_scale", "--units", "30", "--people", "500", stdout=StringIO())
    assert _rows() == before


@pytest.mark.django_db
def test_seed_scale_grows_and_adds_synthetic_clusters(world):
    call_command("seed_scale", "--units", "30", "--people", "100", stdout=StringIO())
    call_command("seed_scale", "--units", "100", "--people", "300", stdout=StringIO())
    assert (Unit.objects.count(), Person.objects.count()) == (100, 300)
    _assert_paths()
    root = Unit.objects.get(name=SYNTHETIC_ROOT, parent=None)
    # 94 synthetic units = the root + 2 groups + 91 leaves: two clusters of 40.
    terms = ClusterTerm.objects.filter(cluster__name__startswith="Cụm thi đua mô phỏng", year=2016)
    assert terms.count() == 2
    for term in terms:
        assert term.cluster.kind == Cluster.Kind.CUM
        assert term.memberships.count() == 40
        assert term.memberships.filter(role=ClusterMembership.Role.LEADER).count() == 1
        assert term.memberships.filter(role=ClusterMembership.Role.DEPUTY).count() == 1
        assert not term.units.exclude(path__startswith=root.path).exists()


# --- The apps' benchmarks --------------------------------------------------------------------------------------


def test_the_apps_benchmarks_are_found_in_installed_apps_order():
    found = app_benchmarks()
    labels = [label for label, _run in found]
    assert "campaigns" in labels
    # thidua.documents.benchmark holds timing helpers only: no run(), not a benchmark of its own.
    assert "documents" not in labels
    order = [config.label for config in apps.get_app_configs()]
    assert labels == sorted(labels, key=order.index)
    for label, run in found:
        assert run.__module__ == f"{apps.get_app_config(label).name}.benchmark"


def test_every_apps_run_takes_the_protocols_keywords():
    for label, run in app_benchmarks():
        parameters = inspect.signature(run).parameters
        for name in ("say", "requests", "warmup", "workers"):
            assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY, (label, name)
        others = [p for name, p in parameters.items() if name not in {"say", "requests", "warmup", "workers"}]
        assert all(p.default is not inspect.Parameter.empty for p in others), label


def test_thidua_knows_no_app_built_on_it():
    """thidua ← campaigns ← awards ← voting: the bench finds the apps' benchmarks, it does not name them."""
    root = Path(settings.BASE_DIR) / "thidua"
    for path in (root / "core" / "bench.py", root / "core" / "management" / "commands" / "bench.py"):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
        assert not imported & {"campaigns", "awards", "voting"}, path


def test_the_summary_lists_every_goal_with_its_result():
    goals = [
        Goal("Danh sách đơn vị: p50 lớn / p50 mẫu", "≤ 1.5", "1.12", True),
        Goal("Nhập 10,000 đăng ký", "≥ 1/3", "0.29 (8,000 so với 27,000 dòng/giây)", False),
    ]
    assert goals_table(goals).splitlines() == [
        "chỉ số                               mục tiêu  đo được                               kết quả",
        "-----------------------------------  --------  ------------------------------------  ---------",
        "Danh sách đơn vị: p50 lớn / p50 mẫu  ≤ 1.5     1.12                                  đạt",
        "Nhập 10,000 đăng ký                  ≥ 1/3     0.29 (8,000 so với 27,000 dòng/giây)  KHÔNG ĐẠT",
    ]


def test_the_apps_demo_size_figures_follow_the_protocol_and_go_back_to_their_run():
    found = app_demo_benchmarks()
    labels = [label for label, _demo in found]
    assert {"campaigns", "awards"} <= set(labels)
    runs = dict(app_benchmarks())
    assert labels == [label for label in runs if label in labels]  # the same order
    for label, demo in found:
        parameters = inspect.signature(demo).parameters
        for name in ("say", "requests", "warmup", "workers"):
            assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY, (label, name)
        demo_parameter = inspect.signature(runs[label]).parameters["demo"]
        assert demo_parameter.kind is inspect.Parameter.KEYWORD_ONLY and demo_parameter.default is None, label
