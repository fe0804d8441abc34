"""Emulation years, movements, registrations (with their workflow), covenants, the year-end evaluation
and exemplary models: what a unit does through the year."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.search import vi
from thidua.org.models import YEAR_VALIDATORS, ClusterTerm, Person, Unit
from thidua.titles.models import Title


class EmulationYear(models.Model):
    """The period everything is counted in, with its deadlines."""

    year = models.PositiveSmallIntegerField(_("năm thi đua"), unique=True, validators=YEAR_VALIDATORS)
    registration_deadline = models.DateField(_("hạn đăng ký thi đua"))
    covenant_deadline = models.DateField(_("hạn ký giao ước thi đua"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("năm thi đua")
        verbose_name_plural = pgettext_lazy("số nhiều", "năm thi đua")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class Movement(models.Model):
    """A movement (phong trào thi đua) launched by the Ministry or by a cluster term."""

    class Kind(models.TextChoices):
        REGULAR = "thuong_xuyen", _("Thường xuyên (hằng năm)")
        PERIOD = "theo_dot", _("Theo đợt")
        THEMATIC = "chuyen_de", _("Theo chuyên đề")

    class Participants(models.TextChoices):
        ALL = "all", _("Tất cả đơn vị")
        CLUSTERS = "clusters", _("Các đơn vị thành viên của cụm, khối, khu vực")
        UNITS = "units", _("Các đơn vị được liệt kê")

    year = models.PositiveSmallIntegerField(_("năm thi đua"), validators=YEAR_VALIDATORS)
    name = models.CharField(_("tên phong trào"), max_length=300)
    kind = models.CharField(_("loại phong trào"), max_length=15, choices=Kind.choices)
    goals = models.TextField(_("mục tiêu, chỉ tiêu"))
    content = models.TextField(_("nội dung, biện pháp tổ chức"), blank=True)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"))
    # Null: launched by the Ministry; otherwise by the cluster term (its leader unit issues the plan).
    launched_by_term = models.ForeignKey(
        ClusterTerm,
        verbose_name=_("cụm phát động"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
    )
    issuer = models.ForeignKey(
        Unit, verbose_name=_("đơn vị ban hành kế hoạch"), on_delete=models.PROTECT, related_name="issued_movements"
    )
    participants = models.CharField(
        _("đối tượng tham gia"), max_length=10, choices=Participants.choices, default=Participants.ALL
    )
    participant_terms = models.ManyToManyField(
        ClusterTerm, verbose_name=_("cụm, khối, khu vực tham gia"), blank=True, related_name="+"
    )
    participant_units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị tham gia"), blank=True, related_name="participating_movements"
    )
    plan_number = models.CharField(_("số kế hoạch"), max_length=50, blank=True)
    plan_document = models.ForeignKey(
        "documents.RenderedDocument",
        verbose_name=_("kế hoạch phát động (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = pgettext_lazy("số nhiều", "phong trào thi đua")
        ordering = ["-year", "start_date", vi("name")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="movement_dates_ordered"),
            models.UniqueConstraint(fields=["year", "issuer", "name"], name="movement_unique_name_per_issuer_year"),
        ]

    def __str__(self) -> str:
        return self.name


class RegistrationSheet(models.Model):
    """A unit's registration for one year (bản đăng ký thi đua): its collective title and its people's titles,
    moving through draft → submitted → returned → approved."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Bị trả lại")
        APPROVED = "approved", _("Đã duyệt")

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="registration_sheets"
    )
    year = models.PositiveSmallIntegerField(_("năm thi đua"), validators=YEAR_VALIDATORS)
    # The unit's name in that year, kept when the unit is later renamed or merged.
    unit_name = models.CharField(_("tên đơn vị trong năm"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("ngày duyệt hoặc trả lại"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    late_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    late_reason = models.TextField(_("lý do chấp nhận sau hạn"), blank=True)

    class Meta:
        verbose_name = _("bản đăng ký thi đua")
        verbose_name_plural = pgettext_lazy("số nhiều", "bản đăng ký thi đua")
        ordering = ["-year", vi("unit_name")]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="sheet_one_per_unit_year"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "approved"]), name="sheet_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="sheet_returned_has_reason"
            ),
        ]
        indexes = [
            # The board's list of a year's sheets: read in its order, a page at a time, with no sort of the year.
            models.Index("year", vi("unit_name"), "id", name="sheet_year_vi_order"),
            # The count of the year's sheets in each status, above the list.
            models.Index(fields=["year", "status"], name="sheet_year_status"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} - {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Registration(models.Model):
    """One registered title: the unit's own (person empty) or one of its people's."""

    sheet = models.ForeignKey(
        RegistrationSheet, verbose_name=_("bản đăng ký"), on_delete=models.CASCADE, related_name="registrations"
    )
    year = models.PositiveSmallIntegerField(_("năm thi đua"), editable=False)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    title = models.ForeignKey(
        Title, verbose_name=_("danh hiệu"), on_delete=models.PROTECT, related_name="registrations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đăng ký danh hiệu")
        verbose_name_plural = pgettext_lazy("số nhiều", "đăng ký danh hiệu")
        ordering = ["sheet", "person__given_name", "person__full_name", "title__order_in_chain"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "title", "year"],
                condition=Q(person__isnull=False),
                name="registration_one_per_person_title_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "title", "year"],
                condition=Q(person__isnull=True),
                name="registration_one_per_unit_title_year",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "unit"], name="registration_year_unit"),
            # The board's list of sheets, per sheet of the page: its collective title (a few rows among all the
            # people's), and how many people it registers, counted from the index alone.
            models.Index(fields=["sheet"], condition=Q(person__isnull=True), name="registration_sheet_collective"),
            models.Index(
                fields=["sheet", "person"], condition=Q(person__isnull=False), name="registration_sheet_people"
            ),
        ]

    def __str__(self) -> str:
        who = self.person.full_name if self.person_id else self.unit.name
        return f"{who}: {self.title} ({self.year})"

    def save(self, *args, **kwargs):
        self.year = self.sheet.year
        self.unit_id = self.sheet.unit_id
        super().save(*args, **kwargs)


class RegistrationEvent(models.Model):
    """One step of a sheet's workflow: who moved it, when, from which status to which, and why."""

    sheet = models.ForeignKey(RegistrationSheet, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("từ trạng thái"), max_length=10, choices=RegistrationSheet.Status.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=10, choices=RegistrationSheet.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    note = models.TextField(_("ghi chú"), blank=True)
    late_override = models.BooleanField(_("chấp nhận sau hạn"), default=False)

    class Meta:
        verbose_name = _("lịch sử bản đăng ký")
        verbose_name_plural = pgettext_lazy("số nhiều", "lịch sử bản đăng ký")
        ordering = ["sheet", "at", "id"]

    def __str__(self) -> str:
        return f"{self.sheet}: {self.from_status} → {self.to_status}"


class Covenant(models.Model):
    """The targets that the members of a cluster term sign together (giao ước thi đua), with a score table."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SIGNING = "signing", _("Đang ký")
        LOCKED = "locked", _("Đã ký đủ, khóa")

    term = models.OneToOneField(
        ClusterTerm, verbose_name=_("nhiệm kỳ cụm"), on_delete=models.PROTECT, related_name="covenant"
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    targets = models.TextField(_("nội dung giao ước, chỉ tiêu"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_at = models.DateTimeField(_("ngày khóa"), null=True, blank=True)
    document = models.ForeignKey(
        "documents.RenderedDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = pgettext_lazy("số nhiều", "giao ước thi đua")
        ordering = ["-term__year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "signing", "locked"]), name="covenant_status_valid"
            ),
            # Locked exactly when it has its lock time: the lock is recorded once, with the moment it happened.
            models.CheckConstraint(
                condition=Q(status="locked", locked_at__isnull=False)
                | (~Q(status="locked") & Q(locked_at__isnull=True)),
                name="covenant_locked_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CovenantCriterion(models.Model):
    """A row of the covenant's score table: a criterion with its maximum points."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tiêu chí"), max_length=300)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = pgettext_lazy("số nhiều", "tiêu chí chấm điểm")
        ordering = ["covenant", "order"]
        constraints = [
            models.UniqueConstraint(fields=["covenant", "order"], name="criterion_unique_order"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class CovenantSignature(models.Model):
    """A member unit's signature of the covenant."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="signatures")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(max_length=255)
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Set by the service: now, or the recorded time when a past year is replayed (the demo data).
    signed_at = models.DateTimeField(_("thời điểm ký"), default=timezone.now)

    class Meta:
        verbose_name = _("chữ ký giao ước")
        verbose_name_plural = pgettext_lazy("số nhiều", "chữ ký giao ước")
        ordering = ["covenant", vi("unit_name")]
        constraints = [models.UniqueConstraint(fields=["covenant", "unit"], name="signature_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit_name}: {self.signer_name}"


class PersonEvaluation(models.Model):
    """A person's year-end facts: the annual rating and discipline (tied to the civil-servant assessment)."""

    class Rating(models.TextChoices):
        EXCELLENT = "xuat_sac", _("Hoàn thành xuất sắc nhiệm vụ")
        GOOD = "tot", _("Hoàn thành tốt nhiệm vụ")
        COMPLETED = "hoan_thanh", _("Hoàn thành nhiệm vụ")
        NOT_COMPLETED = "khong_hoan_thanh", _("Không hoàn thành nhiệm vụ")

    class Discipline(models.IntegerChoices):
        # Ordered by severity so that "cảnh cáo or above" is a comparison.
        NONE = 0, _("Không")
        REPRIMAND = 1, _("Khiển trách")
        WARNING = 2, _("Cảnh cáo")
        DEMOTION = 3, _("Hạ bậc lương")
        REMOVAL = 4, _("Cách chức / giáng chức")
        DISMISSAL = 5, _("Buộc thôi việc")

    person = models.ForeignKey(Person, verbose_name=_("cá nhân"), on_delete=models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    # The unit that rated the person that year; the collective facts of that unit count the person.
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    # The unit's name in that year, kept when the unit is later renamed or merged.
    unit_name = models.CharField(_("tên đơn vị trong năm"), max_length=255, default="")
    rating = models.CharField(_("xếp loại"), max_length=20, choices=Rating.choices)
    discipline = models.PositiveSmallIntegerField(_("kỷ luật"), choices=Discipline.choices, default=Discipline.NONE)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đánh giá, xếp loại cá nhân")
        verbose_name_plural = pgettext_lazy("số nhiều", "đánh giá, xếp loại cá nhân")
        ordering = ["-year", "person__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="evaluation_one_per_person_year"),
            models.CheckConstraint(
                condition=Q(discipline__gte=0) & Q(discipline__lte=5), name="evaluation_discipline_range"
            ),
            models.CheckConstraint(
                condition=Q(rating__in=["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"]),
                name="evaluation_rating_valid",
            ),
        ]
        indexes = [models.Index(fields=["year", "unit"], name="evaluation_year_unit")]

    def __str__(self) -> str:
        return f"{self.person} ({self.year}): {self.get_rating_display()}"


class UnitEvaluation(models.Model):
    """A collective's own annual rating (xếp loại tập thể): what "completes its duties well / excellently" in the
    collective titles' rules reads."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    unit_name = models.CharField(_("tên đơn vị trong năm"), max_length=255, default="")
    rating = models.CharField(_("xếp loại"), max_length=20, choices=PersonEvaluation.Rating.choices)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("xếp loại tập thể")
        verbose_name_plural = pgettext_lazy("số nhiều", "xếp loại tập thể")
        ordering = ["-year", vi("unit_name")]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unit_evaluation_once"),
            models.CheckConstraint(
                condition=Q(rating__in=["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"]),
                name="unit_evaluation_rating_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} ({self.year}): {self.get_rating_display()}"


class Initiative(models.Model):
    """A recognised initiative (sáng kiến), a prerequisite of the Chiến sĩ thi đua titles."""

    class Level(models.TextChoices):
        UNIT = "co_so", _("Cấp cơ sở")
        MINISTRY = "bo", _("Cấp Bộ, ngành")
        NATIONAL = "toan_quoc", _("Toàn quốc")

    person = models.ForeignKey(Person, verbose_name=_("tác giả"), on_delete=models.PROTECT, related_name="initiatives")
    year = models.PositiveSmallIntegerField(_("năm công nhận"), validators=YEAR_VALIDATORS)
    name = models.CharField(_("tên sáng kiến"), max_length=300)
    level = models.CharField(_("phạm vi ảnh hưởng"), max_length=10, choices=Level.choices)
    recognised_by = models.CharField(_("văn bản công nhận"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = pgettext_lazy("số nhiều", "sáng kiến")
        ordering = ["-year", vi("name")]
        constraints = [
            models.UniqueConstraint(fields=["person", "year", "name"], name="initiative_once_per_person_year"),
            models.CheckConstraint(condition=Q(level__in=["co_so", "bo", "toan_quoc"]), name="initiative_level_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class UnitScore(models.Model):
    """Points that one member unit gives another (or itself: the self-score) on one covenant criterion."""

    criterion = models.ForeignKey(CovenantCriterion, on_delete=models.CASCADE, related_name="scores")
    scored_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    scorer_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm chấm")
        verbose_name_plural = pgettext_lazy("số nhiều", "điểm chấm")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "scored_unit", "scorer_unit"], name="score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.scorer_unit_id} → {self.scored_unit_id}: {self.points}"


class ExemplaryModel(models.Model):
    """A person or collective singled out to be replicated (điển hình tiên tiến)."""

    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    # The collective itself, or the person's unit for an individual.
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The names in that year, kept when the unit is later renamed or merged (or the person renamed).
    unit_name = models.CharField(_("tên đơn vị trong năm"), max_length=255, default="")
    person_name = models.CharField(_("họ và tên trong năm"), max_length=150, blank=True, default="")
    description = models.TextField(_("thành tích tiêu biểu"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = pgettext_lazy("số nhiều", "điển hình tiên tiến")
        ordering = ["-year", vi("unit_name"), vi("person_name"), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "person"],
                condition=Q(person__isnull=False),
                name="exemplary_person_once_per_year",
                violation_error_message=_("Cá nhân này đã được ghi nhận là điển hình tiên tiến trong năm."),
            ),
            models.UniqueConstraint(
                fields=["year", "unit"],
                condition=Q(person__isnull=True),
                name="exemplary_unit_once_per_year",
                violation_error_message=_("Tập thể này đã được ghi nhận là điển hình tiên tiến trong năm."),
            ),
            models.CheckConstraint(
                condition=~Q(description=""),
                name="exemplary_has_description",
                violation_error_message=_("Vui lòng nêu thành tích tiêu biểu."),
            ),
        ]
        indexes = [models.Index(fields=["year", "unit"], name="exemplary_year_unit")]

    def __str__(self) -> str:
        who = self.person_name or self.unit_name or str(self.person or self.unit)
        return f"{who} ({self.year})"

    @property
    def is_collective(self) -> bool:
        return self.person_id is None


# Registrations area: notifications and deadline reminders -----------------------------------------------------


class Notification(models.Model):
    """A message to one user in the portal, optionally also sent by e-mail (by a Celery task, after commit)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.TextField(_("nội dung"))
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    read_at = models.DateTimeField(_("thời điểm đọc"), null=True, blank=True)
    # Blank: portal only. The task reads the subject from here, so a retry sends the same message.
    email_subject = models.CharField(_("tiêu đề thư"), max_length=200, blank=True)
    email_sent_at = models.DateTimeField(_("thời điểm gửi thư"), null=True, blank=True)
    email_error = models.TextField(_("lỗi gửi thư"), blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = pgettext_lazy("số nhiều", "thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_user_unread"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class RegistrationReminder(models.Model):
    """That a unit's staff were reminded of a year's registration deadline: at most once per unit and deadline."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm thi đua"), validators=YEAR_VALIDATORS)
    # The deadline the reminder was about: when the board moves the deadline, a new reminder is due.
    deadline = models.DateField(_("hạn đăng ký"))
    missing_people = models.PositiveIntegerField(_("số cá nhân chưa đăng ký"))
    recipients = models.PositiveIntegerField(_("số người nhận"))
    sent_at = models.DateTimeField(_("thời điểm nhắc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc hạn đăng ký")
        verbose_name_plural = pgettext_lazy("số nhiều", "nhắc hạn đăng ký")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "deadline"], name="reminder_once_per_unit_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} - {self.year} ({self.deadline})"


# Imports area: xlsx files imported in the background -----------------------------------------------------------


class ImportJob(models.Model):
    """One uploaded xlsx file on its way in: checked first (a dry run the user previews), imported on
    confirmation, in the request for a small file and by a Celery task for a large one, with its progress."""

    class Kind(models.TextChoices):
        REGISTRATIONS = "registrations", _("Đăng ký thi đua")

    class Status(models.TextChoices):
        CHECKING = "checking", _("Đang kiểm tra")
        READY = "ready", _("Sẵn sàng nhập")
        INVALID = "invalid", _("Có lỗi, chưa nhập")
        QUEUED = "queued", _("Chờ nhập")
        IMPORTING = "importing", _("Đang nhập")
        DONE = "done", _("Đã nhập")
        FAILED = "failed", _("Lỗi hệ thống, chưa nhập")

    kind = models.CharField(_("loại dữ liệu"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.CHECKING)
    # Checked and imported by a Celery task (a large file) rather than in the request.
    in_background = models.BooleanField(_("chạy nền"), default=False)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    created_rows = models.PositiveIntegerField(_("số bản ghi đã tạo"), default=0)
    # What the dry run found: counts per title, the first rows (see campaigns.services.imports).
    summary = models.JSONField(_("tóm tắt"), default=dict, blank=True)
    # [{"row": 5, "column": "Họ và tên", "text": "Dòng 5, cột «Họ và tên»: ..."}], the first few hundred.
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    finished_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập tệp")
        verbose_name_plural = pgettext_lazy("số nhiều", "lượt nhập tệp")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["checking", "ready", "invalid", "queued", "importing", "done", "failed"]),
                name="importjob_status_valid",
            ),
            models.CheckConstraint(condition=Q(kind__in=["registrations"]), name="importjob_kind_valid"),
        ]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="importjob_user_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.QUEUED, self.Status.IMPORTING)
