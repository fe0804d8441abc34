"""Units, clusters, cluster terms, people and role assignments: the organization every other app refers to."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.search import vi

YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]


class Province(models.Model):
    """A province or centrally-run city, with the year it ceased to exist when it was merged."""

    name = models.CharField(_("tên"), max_length=100, unique=True)
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    region = models.CharField(_("vùng"), max_length=100, blank=True)
    dissolved_year = models.PositiveSmallIntegerField(
        _("năm giải thể/sáp nhập"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("sáp nhập vào"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = pgettext_lazy("số nhiều", "tỉnh, thành phố")
        ordering = [vi("name")]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.Model):
    """A kind of unit (Vụ, Cục, Sở Tư pháp, Cục THADS, ...): an editable list."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=100, unique=True)
    head_title = models.CharField(_("chức danh người đứng đầu"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("loại đơn vị")
        verbose_name_plural = pgettext_lazy("số nhiều", "loại đơn vị")
        ordering = ["order", vi("name")]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """An agency. Units form a tree (a Chi cục under its Cục); `path` lists the ids from the root."""

    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.ForeignKey(UnitKind, verbose_name=_("loại đơn vị"), on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    head_title = models.CharField(_("chức danh người đứng đầu"), max_length=100, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    established_year = models.PositiveSmallIntegerField(
        _("năm thành lập"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    dissolved_year = models.PositiveSmallIntegerField(
        _("năm giải thể/sáp nhập"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("sáp nhập vào"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    # Maintained by the services: "/1/5/12/" for unit 12 under 5 under 1. Sub-tree = path prefix.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = pgettext_lazy("số nhiều", "đơn vị")
        ordering = [vi("name")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="unit_not_own_parent",
                violation_error_message=_("Một đơn vị không thể là đơn vị cấp trên của chính nó."),
            ),
            models.CheckConstraint(
                condition=Q(dissolved_year__isnull=True)
                | Q(established_year__isnull=True)
                | Q(dissolved_year__gte=F("established_year")),
                name="unit_dissolved_after_established",
                violation_error_message=_("Năm giải thể/sáp nhập không được trước năm thành lập."),
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="unit_unique_name_under_parent",
                violation_error_message=_("Đã có một đơn vị cùng tên thuộc đơn vị cấp trên này."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="unit_unique_root_name",
                violation_error_message=_("Đã có một đơn vị gốc cùng tên."),
            ),
        ]
        indexes = [models.Index(vi("name"), name="unit_vi_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def display_head_title(self) -> str:
        return self.head_title or self.kind.head_title


class Cluster(models.Model):
    """A group of units that compete with each other: a cụm, khối or khu vực thi đua."""

    class Kind(models.TextChoices):
        CUM = "cum", _("Cụm thi đua")
        KHOI = "khoi", _("Khối thi đua")
        KHU_VUC = "khu_vuc", _("Khu vực thi đua")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=255, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cụm, khối, khu vực thi đua")
        verbose_name_plural = pgettext_lazy("số nhiều", "cụm, khối, khu vực thi đua")
        ordering = ["kind", vi("name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["cum", "khoi", "khu_vuc"]),
                name="cluster_kind_valid",
                violation_error_message=_("Loại cụm không hợp lệ."),
            ),
            # The target of the terms' composite foreign key (cluster, kind), see migration 0002.
            models.UniqueConstraint(fields=["id", "kind"], name="cluster_id_kind"),
        ]

    def __str__(self) -> str:
        return self.name


class ClusterTerm(models.Model):
    """One cluster in one emulation year: its member units, leader and deputies, and the deciding act."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cụm/khối/khu vực"), on_delete=models.PROTECT, related_name="terms"
    )
    year = models.PositiveSmallIntegerField(_("năm thi đua"), validators=YEAR_VALIDATORS)
    # Copied from the cluster so the database can enforce "one cluster of each kind per unit and year".
    kind = models.CharField(_("loại"), max_length=10, choices=Cluster.Kind.choices, editable=False)
    decision_number = models.CharField(_("số quyết định cử Cụm trưởng"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    units = models.ManyToManyField(Unit, through="ClusterMembership", related_name="cluster_terms")

    class Meta:
        verbose_name = _("nhiệm kỳ cụm thi đua")
        verbose_name_plural = pgettext_lazy("số nhiều", "nhiệm kỳ cụm thi đua")
        ordering = ["-year", "cluster__kind", vi("cluster__name")]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"],
                name="term_one_per_cluster_year",
                violation_error_message=_("Cụm này đã có nhiệm kỳ của năm này."),
            ),
            models.UniqueConstraint(fields=["id", "year", "kind"], name="term_id_year_kind"),
            models.CheckConstraint(
                condition=Q(year__gte=1945) & Q(year__lte=2100),
                name="term_year_range",
                violation_error_message=_("Năm thi đua phải từ 1945 đến 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster} - {self.year}"

    def save(self, *args, **kwargs):
        self.kind = self.cluster.kind
        super().save(*args, **kwargs)


class ClusterMembership(models.Model):
    """A unit's place in a cluster term: member, leader (Cụm trưởng) or deputy (Cụm phó)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Thành viên")
        LEADER = "leader", _("Cụm trưởng / Trưởng khu vực")
        DEPUTY = "deputy", _("Cụm phó / Phó trưởng khu vực")

    term = models.ForeignKey(
        ClusterTerm, verbose_name=_("nhiệm kỳ"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="cluster_memberships"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    # Copies of the term's year and kind, kept equal to it by a composite foreign key on PostgreSQL.
    year = models.PositiveSmallIntegerField(_("năm thi đua"), editable=False)
    kind = models.CharField(_("loại"), max_length=10, choices=Cluster.Kind.choices, editable=False)

    class Meta:
        verbose_name = _("đơn vị thành viên")
        verbose_name_plural = pgettext_lazy("số nhiều", "đơn vị thành viên")
        ordering = ["term", "role", vi("unit__name")]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "unit"],
                name="membership_unit_once_per_term",
                violation_error_message=_("Đơn vị đã là thành viên của nhiệm kỳ này."),
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "kind"],
                name="membership_one_cluster_per_kind_year",
                violation_error_message=_("Trong một năm, mỗi đơn vị chỉ thuộc một cụm (khối, khu vực) của mỗi loại."),
            ),
            models.UniqueConstraint(
                fields=["term"],
                condition=Q(role="leader"),
                name="membership_one_leader_per_term",
                violation_error_message=_("Mỗi nhiệm kỳ chỉ có một đơn vị Cụm trưởng."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["member", "leader", "deputy"]),
                name="membership_role_valid",
                violation_error_message=_("Vai trò trong cụm không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_role_display()}, {self.year})"

    def save(self, *args, **kwargs):
        self.year = self.term.year
        self.kind = self.term.kind
        super().save(*args, **kwargs)


class Person(models.Model):
    """A civil servant or employee of a unit: who can register for and receive individual titles."""

    class Gender(models.TextChoices):
        MALE = "nam", _("Nam")
        FEMALE = "nu", _("Nữ")

    full_name = models.CharField(_("họ và tên"), max_length=150)
    # Vietnamese lists are sorted by the given name (the last word), then the full name.
    given_name = models.CharField(max_length=50, editable=False, default="")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="people")
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    gender = models.CharField(_("giới tính"), max_length=3, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("năm sinh"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang công tác"), default=True)

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = pgettext_lazy("số nhiều", "cá nhân")
        ordering = [vi("given_name"), vi("full_name"), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gender__in=["nam", "nu"]),
                name="person_gender_valid",
                violation_error_message=_("Giới tính không hợp lệ."),
            ),
        ]
        indexes = [
            models.Index(vi("given_name"), vi("full_name"), "id", name="person_vi_order"),
            models.Index(fields=["unit", "is_active"], name="person_unit_active"),
            # The unit page lists a unit's people in Vietnamese order: served by this index, no sort step.
            models.Index("unit", vi("given_name"), vi("full_name"), "id", name="person_unit_vi_order"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = " ".join(self.full_name.split())
        self.given_name = self.full_name.rsplit(" ", 1)[-1] if self.full_name else ""
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    BOARD = "board", _("Vụ Thi đua - Khen thưởng")
    UNIT_STAFF = "unit_staff", _("Cán bộ thi đua của đơn vị")
    CLUSTER_LEADER = "cluster_leader", _("Đơn vị Cụm trưởng")
    DELEGATE = "delegate", _("Đại biểu hội nghị")
    VIEWER = "viewer", _("Lãnh đạo, người xem")


class RoleAssignment(models.Model):
    """A user's role, scoped to a unit (and its sub-units) except for the board and ministry-wide viewers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.CASCADE, related_name="role_assignments"
    )
    created_at = models.DateTimeField(_("ngày giao"), auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò người dùng")
        verbose_name_plural = pgettext_lazy("số nhiều", "vai trò người dùng")
        ordering = ["user__username", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                name="role_unique_per_unit",
                violation_error_message=_("Tài khoản đã có vai trò này tại đơn vị này."),
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(unit__isnull=True),
                name="role_unique_unscoped",
                violation_error_message=_("Tài khoản đã có vai trò này."),
            ),
            models.CheckConstraint(
                condition=Q(role="board", unit__isnull=True)
                | Q(role="viewer")
                | Q(role__in=["unit_staff", "cluster_leader", "delegate"], unit__isnull=False),
                name="role_scope_matches_role",
                violation_error_message=_(
                    "Vai trò Vụ Thi đua - Khen thưởng không gắn với đơn vị; "
                    "vai trò cán bộ đơn vị, Cụm trưởng, đại biểu phải gắn với một đơn vị."
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = f" - {self.unit}" if self.unit_id else ""
        return f"{self.user} : {self.get_role_display()}{scope}"

    def clean(self) -> None:
        if self.role == Role.BOARD and self.unit_id:
            raise ValidationError({"unit": _("Vai trò Vụ Thi đua - Khen thưởng không gắn với một đơn vị.")})
        if self.role in (Role.UNIT_STAFF, Role.CLUSTER_LEADER, Role.DELEGATE) and not self.unit_id:
            raise ValidationError({"unit": _("Vai trò này phải gắn với một đơn vị.")})
