"""Conferences, delegates, ballot sessions with their pools and candidates, and the secret ballots.

Secrecy by design: who voted (Participation) is kept apart from what was voted (Ballot, BallotMark). A ballot has
no link to a delegate, no timestamp, and a random primary key (its marks too), so neither a column nor the order
of the keys ties a ballot to a participation. See voting/services.py (session_close) for the row versions.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.search import vi
from thidua.org.models import ClusterTerm, Unit
from thidua.titles.models import Title


class Conference(models.Model):
    """A year-end conference (Hội nghị tổng kết) of one cluster term."""

    term = models.ForeignKey(
        ClusterTerm, verbose_name=_("nhiệm kỳ cụm thi đua"), on_delete=models.PROTECT, related_name="conferences"
    )
    date = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=255)
    chair_name = models.CharField(_("chủ trì"), max_length=150)
    notes = models.TextField(_("ghi chú, chương trình"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("hội nghị tổng kết")
        verbose_name_plural = pgettext_lazy("số nhiều", "hội nghị tổng kết")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.term} - {self.date:%d/%m/%Y}"


class Delegate(models.Model):
    """A delegate of a member unit at a conference; voting delegates who checked in make the quorum."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), on_delete=models.CASCADE, related_name="delegates"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="delegates")
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    is_voting = models.BooleanField(_("có quyền biểu quyết"), default=True)
    present_at = models.DateTimeField(_("điểm danh lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đại biểu")
        verbose_name_plural = pgettext_lazy("số nhiều", "đại biểu")
        ordering = ["conference", vi("unit__name"), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "unit", "full_name"],
                name="delegate_once_per_conference",
                violation_error_message=_("Đại biểu này đã có trong danh sách hội nghị."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name or '-'} ({self.unit})"


class BallotSession(models.Model):
    """One round of a secret ballot for one title, with its own settings (quorum, threshold, ties)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Chuẩn bị")
        OPEN = "open", _("Đang bỏ phiếu")
        CLOSED = "closed", _("Đã kết thúc bỏ phiếu")
        COUNTED = "counted", _("Đã kiểm phiếu")

    class Base(models.TextChoices):
        ENTITLED = "entitled", _("tổng số đại biểu có quyền biểu quyết")
        PRESENT = "present", _("số đại biểu có mặt")
        VALID = "valid", _("số phiếu hợp lệ")

    class Comparison(models.TextChoices):
        MORE_THAN = "more_than", _("trên")
        AT_LEAST = "at_least", _("từ")

    class TieRule(models.TextChoices):
        RUNOFF = "runoff", _("Bỏ phiếu lại giữa những người bằng phiếu")
        NONE = "none", _("Không chọn ai trong số bằng phiếu")

    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.ForeignKey(
        Title, verbose_name=_("danh hiệu"), on_delete=models.PROTECT, related_name="ballot_sessions"
    )
    round = models.PositiveSmallIntegerField(_("vòng"), default=1)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("vòng trước"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="runoffs",
    )
    chained_from = models.ForeignKey(
        "self",
        verbose_name=_("lấy ứng viên từ kết quả"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chained_sessions",
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Quorum as an exact fraction of the entitled (2/3 by default), never a float.
    quorum_numerator = models.PositiveSmallIntegerField(_("tỷ lệ tối thiểu có mặt (tử số)"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("tỷ lệ tối thiểu có mặt (mẫu số)"), default=3)
    threshold_percent = models.DecimalField(
        _("ngưỡng (%)"),
        max_digits=5,
        decimal_places=2,
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    threshold_base = models.CharField(_("tính trên"), max_length=10, choices=Base.choices, default=Base.VALID)
    threshold_comparison = models.CharField(
        _("so sánh"), max_length=10, choices=Comparison.choices, default=Comparison.MORE_THAN
    )
    tie_rule = models.CharField(_("khi bằng phiếu"), max_length=10, choices=TieRule.choices, default=TieRule.RUNOFF)
    # Frozen when the session opens: the counts the quorum and the bases are computed on.
    entitled_count = models.PositiveIntegerField(_("số đại biểu có quyền biểu quyết"), null=True, blank=True)
    present_count = models.PositiveIntegerField(_("số đại biểu có mặt"), null=True, blank=True)
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    counted_at = models.DateTimeField(_("kiểm phiếu lúc"), null=True, blank=True)
    entitled_fingerprint = models.CharField(_("dấu vân tay danh sách đại biểu"), max_length=64, blank=True)
    chain_head = models.CharField(_("mã băm cuối chuỗi phiếu"), max_length=64, blank=True)
    # The summary of the count (entitled, present, ballots, quorum, run-off), as the count found it.
    result = models.JSONField(_("kết quả"), default=dict, blank=True)

    class Meta:
        verbose_name = _("phiên bỏ phiếu")
        verbose_name_plural = pgettext_lazy("số nhiều", "phiên bỏ phiếu")
        ordering = ["conference", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "title", "round"],
                name="session_one_round_per_title",
                violation_error_message=_("Hội nghị đã có vòng bỏ phiếu này cho danh hiệu này."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "open", "closed", "counted"]), name="session_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gte=1, quorum_numerator__lte=F("quorum_denominator")),
                name="session_quorum_fraction",
                violation_error_message=_("Tỷ lệ tối thiểu có mặt phải là một phân số không quá 1."),
            ),
            models.CheckConstraint(
                condition=Q(threshold_percent__gte=0, threshold_percent__lte=100),
                name="session_threshold_range",
                violation_error_message=_("Ngưỡng phải từ 0% đến 100%."),
            ),
            models.CheckConstraint(
                condition=Q(threshold_base__in=["entitled", "present", "valid"]), name="session_base_valid"
            ),
            models.CheckConstraint(
                condition=Q(threshold_comparison__in=["more_than", "at_least"]), name="session_comparison_valid"
            ),
            models.CheckConstraint(condition=Q(tie_rule__in=["runoff", "none"]), name="session_tie_rule_valid"),
            # A first round has no previous round; a run-off always has one.
            models.CheckConstraint(
                condition=Q(round=1, parent__isnull=True) | Q(round__gt=1, parent__isnull=False),
                name="session_runoff_has_parent",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(opened_at__isnull=False, entitled_count__isnull=False),
                name="session_opened_has_counts",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "open"]) | Q(closed_at__isnull=False),
                name="session_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        if self.round > 1:
            return f"{self.title} - {self.conference} ({_('vòng')} {self.round})"
        return f"{self.title} - {self.conference}"


class Pool(models.Model):
    """A group of candidates with its own quota (e.g. one per kind of unit): at most `quota` winners and at most
    `quota` "agree" marks on one ballot."""

    session = models.ForeignKey(BallotSession, verbose_name=_("phiên"), on_delete=models.CASCADE, related_name="pools")
    name = models.CharField(_("tên nhóm"), max_length=150)
    quota = models.PositiveSmallIntegerField(_("số lượng được bầu"), validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhóm ứng viên")
        verbose_name_plural = pgettext_lazy("số nhiều", "nhóm ứng viên")
        ordering = ["session", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "name"],
                name="pool_name_once_per_session",
                violation_error_message=_("Phiên đã có nhóm ứng viên cùng tên."),
            ),
            models.CheckConstraint(
                condition=Q(quota__gte=1), name="pool_quota_positive", violation_error_message=_("Số lượng phải ≥ 1.")
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    """A unit on the ballot, with the name it had then; after the count, its votes and whether it passed."""

    class Reason(models.TextChoices):
        ELECTED = "elected", _("Trúng cử")
        QUORUM = "quorum", _("Không đủ số đại biểu có mặt")
        THRESHOLD = "threshold", _("Không đạt ngưỡng")
        QUOTA = "quota", _("Ngoài số lượng được bầu")
        TIE = "tie", _("Bằng phiếu ở vị trí cuối")

    pool = models.ForeignKey(Pool, verbose_name=_("nhóm"), on_delete=models.CASCADE, related_name="candidates")
    # A copy of the pool's session, so that the database keeps a unit to one pool per session.
    session = models.ForeignKey(BallotSession, on_delete=models.CASCADE, related_name="candidates", editable=False)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="candidacies")
    name = models.CharField(_("tên (tại thời điểm bỏ phiếu)"), max_length=255)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    votes = models.PositiveIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    percent = models.DecimalField(_("tỷ lệ (%)"), max_digits=6, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("trúng cử"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=10, choices=Reason.choices, blank=True)

    class Meta:
        verbose_name = _("ứng viên")
        verbose_name_plural = pgettext_lazy("số nhiều", "ứng viên")
        ordering = ["pool", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "unit"],
                name="candidate_once_per_session",
                violation_error_message=_("Đơn vị đã có trong danh sách ứng viên của phiên này."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.session_id = self.pool.session_id
        super().save(*args, **kwargs)


class VoterCode(models.Model):
    """The one-time code of a present voting delegate for one session, kept only as a keyed hash."""

    session = models.ForeignKey(BallotSession, on_delete=models.CASCADE, related_name="codes")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("mã bỏ phiếu")
        verbose_name_plural = pgettext_lazy("số nhiều", "mã bỏ phiếu")
        constraints = [
            models.UniqueConstraint(fields=["session", "delegate"], name="code_once_per_delegate"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.delegate_id}"


class Participation(models.Model):
    """Who voted in a session (public after the close), never how. One per delegate and session: the database
    refuses a second ballot from the same delegate."""

    session = models.ForeignKey(BallotSession, on_delete=models.PROTECT, related_name="participations")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="participations")

    class Meta:
        verbose_name = _("lượt bỏ phiếu")
        verbose_name_plural = pgettext_lazy("số nhiều", "lượt bỏ phiếu")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "delegate"],
                name="participation_once",
                violation_error_message=_("Đại biểu đã bỏ phiếu trong phiên này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.delegate_id}"


class Ballot(models.Model):
    """An anonymous ballot: no delegate, no time; a random key and a random receipt code that its voter keeps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(BallotSession, on_delete=models.PROTECT, related_name="ballots")
    receipt = models.CharField(_("mã biên nhận"), max_length=20, unique=True)
    # Decided when cast: a ballot with more "agree" marks than a pool's quota is kept and counted invalid.
    is_valid = models.BooleanField(_("hợp lệ"))
    chain_hash = models.CharField(_("mã băm chuỗi"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = pgettext_lazy("số nhiều", "phiếu bầu")
        # Never by key or insertion: by the random receipt, the canonical order of the hash chain.
        ordering = ["session", "receipt"]

    def __str__(self) -> str:
        return self.receipt


class BallotMark(models.Model):
    """One candidate on one ballot: agree or not (the default). Random key, so the marks keep no order either."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="marks")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="marks")
    agree = models.BooleanField(_("đồng ý"), default=False)

    class Meta:
        verbose_name = _("ô đánh dấu")
        verbose_name_plural = pgettext_lazy("số nhiều", "ô đánh dấu")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "candidate"], name="mark_once_per_candidate"),
        ]
        indexes = [models.Index(fields=["candidate", "agree"], name="mark_candidate_agree")]

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.agree}"
