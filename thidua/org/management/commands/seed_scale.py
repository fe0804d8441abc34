"""`manage.py seed_scale`: grow the demo into a large deterministic world (1,000 units, 100,000 people by default)
for the benchmark. The added units and people are synthetic and say so."""

import random
import time
from itertools import accumulate

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as
from thidua.org import services
from thidua.org.demo import MINISTRY, random_name
from thidua.org.models import Cluster, ClusterTerm, Person, Unit, UnitKind

SYNTHETIC_ROOT = "Đơn vị mô phỏng (dữ liệu quy mô lớn)"
SYNTHETIC_NOTE = (
    "Dữ liệu mô phỏng, không có thật: tạo bởi lệnh seed_scale để đo hiệu năng ở quy mô lớn. Không dùng cho nghiệp vụ."
)
SYNTHETIC_KIND = ("mo-phong", "Đơn vị mô phỏng", "Thủ trưởng đơn vị")
GROUP_SIZE = 50  # each block of 50 synthetic units: one group under the root, 49 units under that group
CLUSTER_SIZE = 40
MAX_CLUSTERS = 20
CLUSTER_YEAR = 2016
PEOPLE_BATCH = 5000
POSITIONS = (["Chuyên viên"] * 8) + (["Chuyên viên chính"] * 3) + ["Cán sự", "Trưởng phòng", "Phó Trưởng phòng"]


def group_name(block: int) -> str:
    return f"Nhóm đơn vị mô phỏng số {block}"


def leaf_name(index: int) -> str:
    return f"Đơn vị mô phỏng số {index}"


def cluster_name(number: int) -> str:
    return f"Cụm thi đua mô phỏng số {number}"


class ScaleBuilder:
    """Adds synthetic units and people until the totals are reached; at the target size it changes nothing.

    Units and people are written with bulk_create: this is synthetic benchmark data, and 100,000 audited
    one-by-one saves would take many minutes. bulk_create skips save() and the audit signals, so the
    invariants that save() and unit_save keep are computed here instead (Unit.path/depth and head title,
    Person.full_name normalized and Person.given_name). The root, the clusters and their terms go through
    the services and are audited.
    """

    def __init__(self, *, log=None):
        self.log = log or (lambda message: None)

    def _timed(self, label: str, step):
        started = time.monotonic()
        result = step()
        self.log(_("%(what)s: %(s).2f giây") % {"what": label, "s": time.monotonic() - started})
        return result

    def root(self) -> tuple[Unit, UnitKind]:
        code, name, head_title = SYNTHETIC_KIND
        with transaction.atomic(), acting_as(None):
            kind = UnitKind.objects.filter(code=code).first()
            if kind is None:
                kind = UnitKind(code=code, name=name, head_title=head_title, order=1000)
                kind.full_clean()
                kind.save()
            root = Unit.objects.filter(name=SYNTHETIC_ROOT, parent=None).first()
            if root is None:
                root = services.unit_create(actor=None, name=SYNTHETIC_ROOT, kind=kind, notes=SYNTHETIC_NOTE)
        return root, kind

    def add_units(self, root: Unit, kind: UnitKind, target: int) -> int:
        needed = target - Unit.objects.count()
        if needed <= 0:
            return 0
        done = Unit.objects.filter(path__startswith=root.path).exclude(pk=root.pk).count()
        indices = range(done + 1, done + needed + 1)
        with transaction.atomic():
            new_groups = [
                Unit(
                    name=group_name((i - 1) // GROUP_SIZE + 1),
                    kind=kind,
                    parent=root,
                    head_title=kind.head_title,
                    notes=SYNTHETIC_NOTE,
                )
                for i in indices
                if (i - 1) % GROUP_SIZE == 0
            ]
            Unit.objects.bulk_create(new_groups)
            for group in new_groups:
                group.path, group.depth = f"{root.path}{group.pk}/", root.depth + 1
            Unit.objects.bulk_update(new_groups, ["path", "depth"])
            groups = {g.name: g for g in Unit.objects.filter(parent=root)}
            leaves = [
                Unit(
                    name=leaf_name(i),
                    kind=kind,
                    parent=groups[group_name((i - 1) // GROUP_SIZE + 1)],
                    head_title=kind.head_title,
                    notes=SYNTHETIC_NOTE,
                )
                for i in indices
                if (i - 1) % GROUP_SIZE != 0
            ]
            Unit.objects.bulk_create(leaves, batch_size=1000)
            for leaf in leaves:
                leaf.path, leaf.depth = f"{leaf.parent.path}{leaf.pk}/", leaf.parent.depth + 1
            Unit.objects.bulk_update(leaves, ["path", "depth"], batch_size=1000)
        return len(new_groups) + len(leaves)

    def _leaves(self, root: Unit) -> list[int]:
        return list(
            Unit.objects.filter(path__startswith=root.path, depth=root.depth + 2)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def add_people(self, root: Unit, target: int) -> int:
        needed = target - Person.objects.count()
        if needed <= 0:
            return 0
        homes = self._leaves(root) or [root.pk]
        # A few units are five times larger than the others, as a big Cục is beside a small Chi cục.
        cum_weights = list(accumulate(5 if n % 25 == 0 else 1 for n in range(len(homes))))
        rng = random.Random(f"thidua-scale:{Person.objects.count()}")
        created = 0
        while created < needed:
            size = min(PEOPLE_BATCH, needed - created)
            batch = []
            for unit_id in rng.choices(homes, cum_weights=cum_weights, k=size):
                gender = Person.Gender.MALE if rng.random() < 0.5 else Person.Gender.FEMALE
                full_name = " ".join(random_name(rng, gender).split())
                batch.append(
                    Person(
                        full_name=full_name,
                        given_name=full_name.rsplit(" ", 1)[-1],
                        unit_id=unit_id,
                        gender=gender,
                        position=rng.choice(POSITIONS),
                        birth_year=rng.randint(1965, 1998),
                    )
                )
            with transaction.atomic():
                Person.objects.bulk_create(batch, batch_size=1000)
            created += size
        return created

    def add_clusters(self, root: Unit) -> int:
        leaves = list(Unit.objects.filter(pk__in=self._leaves(root)).order_by("pk"))
        added = 0
        for number in range(1, min(MAX_CLUSTERS, len(leaves) // CLUSTER_SIZE) + 1):
            members = leaves[(number - 1) * CLUSTER_SIZE : number * CLUSTER_SIZE]
            with transaction.atomic():
                cluster = Cluster.objects.filter(name=cluster_name(number)).first() or services.cluster_save(
                    actor=None,
                    cluster=Cluster(name=cluster_name(number), kind=Cluster.Kind.CUM, description=SYNTHETIC_NOTE),
                )
                if ClusterTerm.objects.filter(cluster=cluster, year=CLUSTER_YEAR).exists():
                    continue
                services.cluster_term_save(
                    actor=None,
                    term=ClusterTerm(cluster=cluster, year=CLUSTER_YEAR, notes=SYNTHETIC_NOTE),
                    members=members,
                    leader=members[0],
                    deputies=[members[1]],
                )
                added += 1
        return added

    def build(self, *, units: int, people: int) -> dict[str, int]:
        root, kind = self.root()
        added_units = self._timed(_("Đơn vị"), lambda: self.add_units(root, kind, units))
        added_people = self._timed(_("Cá nhân"), lambda: self.add_people(root, people))
        added_clusters = self._timed(_("Cụm thi đua mô phỏng"), lambda: self.add_clusters(root))
        return {"units": added_units, "people": added_people, "terms": added_clusters}


class Command(BaseCommand):
    help = _(
        "Tạo thế giới dữ liệu lớn, xác định (mặc định 1.000 đơn vị, 100.000 cá nhân) trên nền dữ liệu mẫu, "
        "để đo hiệu năng. Đơn vị và cá nhân thêm vào là dữ liệu mô phỏng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=1000, help=_("Tổng số đơn vị cần có."))
        parser.add_argument("--people", type=int, default=100_000, help=_("Tổng số cá nhân cần có."))

    def handle(self, *args, units: int, people: int, **options):
        if units < 1 or people < 0:
            raise CommandError(_("Số đơn vị phải ≥ 1 và số cá nhân phải ≥ 0."))
        verbose = options["verbosity"] >= 1
        started = time.monotonic()
        if not Unit.objects.filter(name=MINISTRY, parent=None).exists():
            if verbose:
                self.stdout.write(_("Chưa có dữ liệu mẫu: chạy seed_demo trước."))
            call_command("seed_demo", verbosity=0)
        log = self.stdout.write if verbose else None
        added = ScaleBuilder(log=log).build(units=units, people=people)
        if verbose:
            self.stdout.write(
                _(
                    "Đã thêm %(units)s đơn vị, %(people)s cá nhân, %(terms)s nhiệm kỳ cụm mô phỏng. "
                    "Tổng: %(total_units)s đơn vị, %(total_people)s cá nhân. Thời gian: %(s).1f giây."
                )
                % {
                    **added,
                    "total_units": Unit.objects.count(),
                    "total_people": Person.objects.count(),
                    "s": time.monotonic() - started,
                }
            )
