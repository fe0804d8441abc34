"""Awards: the versioned rules over the titles, the award history, nominations with their attachments, and the
decisions (Quyết định) that award titles or appoint a cluster term's leader and deputies."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from campaigns.models import Initiative, PersonEvaluation
from thidua.core.search import vi
from thidua.documents.models import RenderedDocument, SignedDocumentError
from thidua.org.models import ClusterTerm, Person, Unit
from thidua.titles.models import Title

YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]
ONE_SUBJECT = Q(person__isnull=False, unit__isnull=True) | Q(person__isnull=True, unit__isnull=False)


# Rules -------------------------------------------------------------------------------------------------------


class Rule(models.Model):
    """One version of the conditions of a title: its legal basis and the emulation years it applies to.

    A change in the law is a new version from the year it takes effect (the previous one gets an end year), so a
    result of an earlier year is still checked, and shown, against the version of that year.
    """

    title = models.ForeignKey(Title, verbose_name=_("danh hiệu"), on_delete=models.PROTECT, related_name="rules")
    name = models.CharField(_("tên quy định"), max_length=255)
    legal_basis = models.TextField(
        _("căn cứ pháp lý"), help_text=_("Văn bản và điều, khoản: ví dụ «Điều 23 Luật Thi đua, khen thưởng 2022».")
    )
    valid_from = models.PositiveSmallIntegerField(_("áp dụng từ năm"), validators=YEAR_VALIDATORS)
    valid_to = models.PositiveSmallIntegerField(
        _("áp dụng đến năm"), null=True, blank=True, validators=YEAR_VALIDATORS, help_text=_("Để trống: đến nay.")
    )
    through_cluster = models.BooleanField(
        _("hồ sơ qua cụm"), default=False, help_text=_("Hồ sơ đề nghị được Cụm trưởng xem xét trước khi gửi Vụ.")
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("quy định xét tặng")
        verbose_name_plural = pgettext_lazy("số nhiều", "quy định xét tặng")
        ordering = ["title__chain", "title__order_in_chain", "title__name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["title", "valid_from"], name="rule_one_version_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="rule_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        end = self.valid_to if self.valid_to else "…"
        return f"{self.name} ({self.valid_from}–{end})"

    def applies_to(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)


class Condition(models.Model):
    """One prerequisite of a rule. Which fields it reads depends on its kind (checked in the database)."""

    class Kind(models.TextChoices):
        TITLE_SAME_YEAR = "title_same_year", _("Đạt danh hiệu khác trong cùng năm")
        CONSECUTIVE = "consecutive", _("Đạt liên tục một danh hiệu trong số năm liền kề")
        INITIATIVE = "initiative", _("Có sáng kiến được công nhận")
        RATING = "rating", _("Kết quả đánh giá, xếp loại hằng năm")
        MEMBER_SHARE = "member_share", _("Tỷ lệ thành viên đạt Lao động tiên tiến")
        MEMBERS_COMPLETED = "members_completed", _("Tỷ lệ thành viên hoàn thành nhiệm vụ")
        NO_DISCIPLINE = "no_discipline", _("Không có ai bị kỷ luật từ mức")
        CLUSTER_VOTE = "cluster_vote", _("Được cụm, khối bình xét, suy tôn dẫn đầu")

    rule = models.ForeignKey(Rule, verbose_name=_("quy định"), on_delete=models.CASCADE, related_name="conditions")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("loại điều kiện"), max_length=20, choices=Kind.choices)
    required_title = models.ForeignKey(
        Title,
        verbose_name=_("danh hiệu yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    years = models.PositiveSmallIntegerField(
        _("số năm"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Số năm liên tục (kể cả năm xét); với sáng kiến: trong số năm gần nhất."),
    )
    initiative_level = models.CharField(
        _("phạm vi sáng kiến tối thiểu"), max_length=10, choices=Initiative.Level.choices, blank=True
    )
    min_rating = models.CharField(
        _("xếp loại tối thiểu"), max_length=20, choices=PersonEvaluation.Rating.choices, blank=True
    )
    min_percent = models.DecimalField(
        _("tỷ lệ tối thiểu (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    discipline_level = models.PositiveSmallIntegerField(
        _("mức kỷ luật"),
        choices=PersonEvaluation.Discipline.choices,
        null=True,
        blank=True,
        help_text=_("Không đạt nếu có người bị kỷ luật từ mức này trở lên."),
    )
    legal_basis = models.CharField(
        _("căn cứ riêng"), max_length=300, blank=True, help_text=_("Để trống: dùng căn cứ pháp lý của quy định.")
    )

    class Meta:
        verbose_name = _("điều kiện")
        verbose_name_plural = pgettext_lazy("số nhiều", "điều kiện")
        ordering = ["rule", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["title_same_year", "consecutive", "cluster_vote"])
                | Q(required_title__isnull=False),
                name="condition_title_given",
            ),
            models.CheckConstraint(
                condition=~Q(kind="consecutive") | Q(years__gte=2), name="condition_consecutive_years"
            ),
            models.CheckConstraint(
                condition=~Q(kind="initiative") | ~Q(initiative_level=""), name="condition_initiative_level"
            ),
            models.CheckConstraint(condition=~Q(kind="rating") | ~Q(min_rating=""), name="condition_rating_given"),
            models.CheckConstraint(
                condition=~Q(kind__in=["member_share", "members_completed"]) | Q(min_percent__isnull=False),
                name="condition_percent_given",
            ),
            models.CheckConstraint(
                condition=Q(min_percent__isnull=True) | (Q(min_percent__gte=0) & Q(min_percent__lte=100)),
                name="condition_percent_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind="no_discipline") | Q(discipline_level__gte=1), name="condition_discipline_given"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Quota(models.Model):
    """A cap on the nominations for a title in a year, as a share of a base: e.g. Government banner nominations
    at most 20 % of the collectives voted cluster leaders (those voted for the sector banner) that year."""

    title = models.ForeignKey(Title, verbose_name=_("danh hiệu"), on_delete=models.PROTECT, related_name="quotas")
    percent = models.DecimalField(
        _("tỷ lệ tối đa (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    base_title = models.ForeignKey(
        Title,
        verbose_name=_("tính trên số tập thể được suy tôn"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Cơ sở tính: số tập thể được cụm, khối bình xét, suy tôn danh hiệu này trong năm."),
    )
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    valid_from = models.PositiveSmallIntegerField(_("áp dụng từ năm"), validators=YEAR_VALIDATORS)
    valid_to = models.PositiveSmallIntegerField(_("áp dụng đến năm"), null=True, blank=True, validators=YEAR_VALIDATORS)

    class Meta:
        verbose_name = _("chỉ tiêu đề nghị")
        verbose_name_plural = pgettext_lazy("số nhiều", "chỉ tiêu đề nghị")
        ordering = ["title__name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["title", "valid_from"], name="quota_one_version_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="quota_period_ordered",
            ),
            models.CheckConstraint(condition=Q(percent__gte=0) & Q(percent__lte=100), name="quota_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.title}: ≤ {self.percent}% ({self.valid_from}–{self.valid_to or '…'})"

    def applies_to(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)


# Decisions ---------------------------------------------------------------------------------------------------


class Decision(models.Model):
    """A decision (Quyết định, QĐ): awarding titles to the approved nominations, or appointing a cluster term's
    leader and deputies. Numbered from its issuer's series when issued; frozen, with its PDF, once signed."""

    class Kind(models.TextChoices):
        AWARD = "award", _("Khen thưởng")
        APPOINTMENT = "appointment", _("Cử Cụm trưởng, Cụm phó")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã cấp số")
        SIGNED = "signed", _("Đã ký")

    kind = models.CharField(_("loại quyết định"), max_length=12, choices=Kind.choices, default=Kind.AWARD)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    year = models.PositiveSmallIntegerField(
        _("năm thi đua"), validators=YEAR_VALIDATORS, help_text=_("Năm của thành tích hoặc của nhiệm kỳ cụm.")
    )
    title = models.ForeignKey(
        Title,
        verbose_name=_("danh hiệu, hình thức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    term = models.ForeignKey(
        ClusterTerm,
        verbose_name=_("nhiệm kỳ cụm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointment_decisions",
    )
    issuer_code = models.CharField(_("mã cơ quan ban hành"), max_length=30, default="BTP")
    issuer_parent = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=255, default="Bộ Tư pháp")
    number = models.PositiveIntegerField(_("số"), null=True, blank=True, editable=False)
    series_year = models.PositiveSmallIntegerField(_("năm của sổ số"), null=True, blank=True, editable=False)
    number_text = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, editable=False)
    place = models.CharField(_("địa danh"), max_length=100, default="Hà Nội")
    date = models.DateField(_("ngày ban hành"))
    subject = models.CharField(_("trích yếu"), max_length=500)
    legal_bases = models.TextField(_("căn cứ ban hành"), help_text=_("Mỗi căn cứ một dòng."))
    proposal = models.CharField(
        _("xét đề nghị của"), max_length=300, blank=True, default="Xét đề nghị của Vụ trưởng Vụ Thi đua - Khen thưởng"
    )
    closing_articles = models.TextField(
        _("các điều tiếp theo"),
        blank=True,
        help_text=_("Điều 2, Điều 3…: mỗi điều một dòng, không ghi «Điều n.»; để trống dùng mẫu mặc định."),
    )
    recipients = models.TextField(_("nơi nhận"), help_text=_("Mỗi nơi nhận một dòng."))
    signer_authority = models.CharField(
        _("quyền hạn ký"), max_length=100, blank=True, help_text=_("Ví dụ: KT. BỘ TRƯỞNG; để trống nếu ký trực tiếp.")
    )
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, help_text=_("Ví dụ: THỨ TRƯỞNG."))
    signer_name = models.CharField(_("người ký"), max_length=150)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("đính chính, thay thế quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    document = models.ForeignKey(
        RenderedDocument,
        verbose_name=_("văn bản PDF"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    issued_at = models.DateTimeField(_("cấp số lúc"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = pgettext_lazy("số nhiều", "quyết định")
        ordering = ["-date", "-number", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_code", "series_year", "number"],
                condition=Q(number__isnull=False),
                name="decision_number_once",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(number__isnull=False) & Q(series_year__isnull=False)),
                name="decision_issued_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(status="signed") | Q(signed_at__isnull=False), name="decision_signed_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(kind="appointment") | Q(term__isnull=False), name="decision_appointment_has_term"
            ),
            models.CheckConstraint(
                condition=~Q(kind="award") | Q(title__isnull=False), name="decision_award_has_title"
            ),
        ]
        indexes = [models.Index(fields=["year", "kind"], name="decision_year_kind")]

    def __str__(self) -> str:
        number = self.number_text or gettext("(chưa cấp số)")
        return f"{number}: {self.subject}"

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk, status=self.Status.SIGNED).exists():
            raise SignedDocumentError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status != self.Status.DRAFT or (
            self.pk is not None and type(self).objects.filter(pk=self.pk).exclude(status=self.Status.DRAFT).exists()
        ):
            raise SignedDocumentError()
        return super().delete(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED


class DecisionItem(models.Model):
    """One line of a decision: an awardee (a person or a collective) or an appointed unit with its role."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Cụm trưởng")
        DEPUTY = "deputy", pgettext_lazy("vai trò", "Cụm phó")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    nomination = models.OneToOneField(
        "Nomination", null=True, blank=True, on_delete=models.PROTECT, related_name="decision_item"
    )
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên"), max_length=255, help_text=_("Tên cá nhân hoặc tập thể tại thời điểm quyết định."))
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    unit_name = models.CharField(_("đơn vị"), max_length=255, blank=True)
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, blank=True)

    class Meta:
        verbose_name = _("dòng quyết định")
        verbose_name_plural = pgettext_lazy("số nhiều", "dòng quyết định")
        ordering = ["decision", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="decision_item_one_subject"),
            models.UniqueConstraint(
                fields=["decision", "person"], condition=Q(person__isnull=False), name="decision_item_person_once"
            ),
            models.UniqueConstraint(
                fields=["decision", "unit"], condition=Q(unit__isnull=False), name="decision_item_unit_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self._refuse_unless_draft()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_unless_draft()
        return super().delete(*args, **kwargs)

    def _refuse_unless_draft(self) -> None:
        # The lines of an issued decision are what its number and PDF stand for: they change only while it is a draft.
        if Decision.objects.filter(pk=self.decision_id).exclude(status=Decision.Status.DRAFT).exists():
            raise ValidationError(
                gettext("Quyết định đã cấp số: không được sửa danh sách; hãy ban hành quyết định mới.")
            )


# Award history -----------------------------------------------------------------------------------------------


class Award(models.Model):
    """One title or commendation received by a person or a collective: the award history (sổ theo dõi khen
    thưởng) that later years' prerequisites are checked against. Names are kept as they were that year."""

    class Source(models.TextChoices):
        DECISION = "decision", _("Quyết định trong hệ thống")
        IMPORT = "import", _("Nhập từ tệp")
        MANUAL = "manual", _("Nhập tay")

    title = models.ForeignKey(Title, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("tập thể"), null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    recipient_name = models.CharField(_("tên người, tập thể được khen"), max_length=255)
    unit_name = models.CharField(_("đơn vị (khi được khen)"), max_length=255, blank=True)
    decision = models.ForeignKey(
        Decision, verbose_name=_("quyết định"), null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(_("cơ quan quyết định"), max_length=255, blank=True)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    notes = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = pgettext_lazy("số nhiều", "sổ theo dõi khen thưởng")
        ordering = ["-year", vi("recipient_name")]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="award_one_subject"),
            models.UniqueConstraint(
                fields=["person", "title", "year"], condition=Q(person__isnull=False), name="award_person_once"
            ),
            models.UniqueConstraint(
                fields=["unit", "title", "year"], condition=Q(unit__isnull=False), name="award_unit_once"
            ),
            models.CheckConstraint(condition=~Q(recipient_name=""), name="award_has_name"),
        ]
        indexes = [
            models.Index(fields=["title", "year"], name="award_title_year"),
            models.Index(fields=["person", "title", "year"], name="award_person_title_year"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name}: {self.title} {self.year}"


# Nominations -------------------------------------------------------------------------------------------------


class Nomination(models.Model):
    """A nomination dossier (hồ sơ đề nghị khen thưởng) for one candidate, one title and one year: sent by a unit,
    through the cluster where the rule says so, to the board, then the council, then a decision."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        CLUSTER = "cluster", _("Cụm xem xét")
        BOARD = "board", _("Vụ TĐKT thẩm định")
        COUNCIL = "council", _("Hội đồng xét")
        APPROVED = "approved", _("Được đề nghị ra quyết định")
        DECIDED = "decided", _("Đã có quyết định")
        RETURNED = "returned", _("Bị trả lại")

    class Source(models.TextChoices):
        UNIT = "unit", _("Đơn vị đề nghị")
        BALLOT = "ballot", _("Cụm, khối bình xét, suy tôn")

    year = models.PositiveSmallIntegerField(_("năm thi đua"), validators=YEAR_VALIDATORS)
    title = models.ForeignKey(
        Title, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT, related_name="nominations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("tập thể"), null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    proposing_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="proposed_nominations"
    )
    term = models.ForeignKey(
        ClusterTerm,
        verbose_name=_("qua cụm, khối"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    candidate_name = models.CharField(_("tên người, tập thể được đề nghị"), max_length=255)
    unit_name = models.CharField(_("đơn vị (trong năm)"), max_length=255, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    achievements = models.TextField(_("tóm tắt thành tích"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices, default=Source.UNIT)
    source_reference = models.CharField(
        _("căn cứ bình xét"), max_length=300, blank=True, help_text=_("Ví dụ: kết quả bỏ phiếu tại hội nghị tổng kết.")
    )
    # The last eligibility check, as it was answered then (rule versions, reasons): kept so that a later change of
    # the rules or of the history does not rewrite what the dossier was judged on.
    eligible = models.BooleanField(_("đủ điều kiện"), null=True, blank=True)
    eligibility = models.JSONField(_("kết quả xét điều kiện"), default=dict, blank=True)
    checked_at = models.DateTimeField(_("xét điều kiện lúc"), null=True, blank=True)
    override_reason = models.TextField(_("lý do chấp nhận ngoại lệ"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    override_at = models.DateTimeField(_("chấp nhận ngoại lệ lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = pgettext_lazy("số nhiều", "hồ sơ đề nghị khen thưởng")
        ordering = ["-year", "status", vi("candidate_name")]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="nomination_one_subject"),
            models.UniqueConstraint(
                fields=["person", "title", "year"], condition=Q(person__isnull=False), name="nomination_person_once"
            ),
            models.UniqueConstraint(
                fields=["unit", "title", "year"], condition=Q(unit__isnull=False), name="nomination_unit_once"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="nomination_returned_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(override_at__isnull=True) | ~Q(override_reason=""), name="nomination_override_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(source="ballot") | ~Q(source_reference=""), name="nomination_ballot_has_reference"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "status"], name="nomination_year_status"),
            models.Index(fields=["proposing_unit", "year"], name="nomination_unit_year"),
            models.Index(fields=["title", "year", "source"], name="nomination_title_year_source"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_name}: {self.title} {self.year}"

    @property
    def is_collective(self) -> bool:
        return self.unit_id is not None

    @property
    def is_overridden(self) -> bool:
        return self.override_at is not None


class NominationEvent(models.Model):
    """One step of a nomination's history: who moved it from which status to which, when, and why."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("từ trạng thái"), max_length=10, choices=Nomination.Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=10, choices=Nomination.Status.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = pgettext_lazy("số nhiều", "bước xử lý hồ sơ")
        ordering = ["nomination", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


class Attachment(models.Model):
    """A file of a nomination dossier, kept in private storage and served only to those who may see the dossier."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Báo cáo thành tích")
        MINUTES = "minutes", _("Biên bản họp xét")
        OTHER = "other", _("Tài liệu khác")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tài liệu"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("tệp"), upload_to="nominations/%Y/", max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kèm theo")
        verbose_name_plural = pgettext_lazy("số nhiều", "tài liệu kèm theo")
        ordering = ["nomination", "kind", "uploaded_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty")]

    def __str__(self) -> str:
        return self.original_name
