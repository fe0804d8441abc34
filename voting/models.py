"""Conferences, delegates, ballot sessions with their pools and candidates, and the secret ballots.

Secrecy by design: who voted (Participation) is kept apart from what was voted (Ballot, BallotMark). A ballot has
no link to a delegate, no timestamp, and a random primary key (its marks too), so neither a column nor the order
of the keys ties a ballot to a participation. See voting/services.py (session_close) for the row versions.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.search import vi
from thidua.org.models import ClusterTerm, Unit
from thidua.titles.models import Title


class Conference(models.Model):
    """A meeting that votes by secret ballot: the year-end conference (Hội nghị tổng kết) of one cluster term, or
    a meeting of the emulation council (Hội đồng Thi đua - Khen thưởng), whose members vote on the nominations."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Hội nghị tổng kết của cụm, khối, khu vực")
        COUNCIL = "council", _("Phiên họp Hội đồng Thi đua - Khen thưởng")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.CLUSTER)
    term = models.ForeignKey(
        ClusterTerm,
        verbose_name=_("nhiệm kỳ cụm thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    # The emulation year voted on: the term's year for a cluster conference (copied, so that both kinds list alike).
    year = models.PositiveSmallIntegerField(
        _("năm thi đua"), validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    name = models.CharField(_("tên hội nghị"), max_length=255)
    date = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=255)
    chair_name = models.CharField(_("chủ trì"), max_length=150)
    agenda = models.TextField(_("chương trình"), blank=True, help_text=_("Mỗi dòng một nội dung."))
    notes = models.TextField(_("ghi chú"), blank=True)
    voting_per_unit = models.PositiveSmallIntegerField(
        _("số đại biểu có quyền biểu quyết của mỗi đơn vị"), default=1, validators=[MinValueValidator(1)]
    )
    # The printed conference pack (voting/pack.py): agenda, summary report, papers, minutes, decisions in one PDF.
    pack = models.OneToOneField(
        "documents.RenderedDocument",
        verbose_name=_("tài liệu hội nghị (PDF)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The decision appointing next year's leader and deputies that the conference chose (awards.Decision).
    appointment = models.ForeignKey(
        "awards.Decision",
        verbose_name=_("quyết định cử Cụm trưởng, Cụm phó năm sau"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("hội nghị, phiên họp bỏ phiếu")
        verbose_name_plural = pgettext_lazy("số nhiều", "hội nghị, phiên họp bỏ phiếu")
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="cluster", term__isnull=False) | Q(kind="council", term__isnull=True),
                name="conference_kind_term",
                violation_error_message=_("Hội nghị của cụm phải gắn với một nhiệm kỳ; phiên họp Hội đồng thì không."),
            ),
            models.CheckConstraint(
                condition=Q(voting_per_unit__gte=1),
                name="conference_voting_per_unit_positive",
                violation_error_message=_("Mỗi đơn vị có ít nhất một đại biểu có quyền biểu quyết."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d/%m/%Y})"

    @property
    def is_council(self) -> bool:
        return self.kind == self.Kind.COUNCIL

    @property
    def agenda_lines(self) -> list[str]:
        return [" ".join(line.split()) for line in self.agenda.splitlines() if line.strip()]


class CommitteeRole(models.TextChoices):
    NONE = "", _("Không")
    HEAD = "head", _("Trưởng Ban kiểm phiếu")
    MEMBER = "member", _("Thành viên Ban kiểm phiếu")


class Delegate(models.Model):
    """A delegate of a member unit at a conference (or a member of the council at its meeting); voting delegates
    who checked in make the quorum; some sit on the counting committee (Ban kiểm phiếu), which signs the minutes."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), on_delete=models.CASCADE, related_name="delegates"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="delegates")
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    is_voting = models.BooleanField(_("có quyền biểu quyết"), default=True)
    committee_role = models.CharField(
        _("Ban kiểm phiếu"), max_length=10, choices=CommitteeRole.choices, blank=True, default=""
    )
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
            models.CheckConstraint(
                condition=Q(committee_role__in=["", "head", "member"]), name="delegate_committee_role_valid"
            ),
            models.UniqueConstraint(
                fields=["conference"],
                condition=Q(committee_role="head"),
                name="delegate_one_committee_head",
                violation_error_message=_("Ban kiểm phiếu chỉ có một Trưởng ban."),
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

    class Form(models.TextChoices):
        AGREE = "agree", _("Đồng ý / không đồng ý với từng ứng viên")
        CHOOSE = "choose", _("Chọn tối đa số lượng được bầu")

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
    # How the ballot asks: the marks stored are the same ("agree" or not per candidate), only the page differs.
    ballot_form = models.CharField(_("mẫu phiếu"), max_length=10, choices=Form.choices, default=Form.AGREE)
    # Frozen when the session opens: the counts the quorum and the bases are computed on.
    entitled_count = models.PositiveIntegerField(_("số đại biểu có quyền biểu quyết"), null=True, blank=True)
    present_count = models.PositiveIntegerField(_("số đại biểu có mặt"), null=True, blank=True)
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    counted_at = models.DateTimeField(_("kiểm phiếu lúc"), null=True, blank=True)
    entitled_fingerprint = models.CharField(_("dấu vân tay danh sách đại biểu"), max_length=64, blank=True)
    # The entitled list as it stood at the close (the lines the fingerprint hashes): a name corrected afterwards
    # does not change what was published.
    entitled_list = models.JSONField(_("danh sách đại biểu khi kết thúc bỏ phiếu"), default=list, blank=True)
    chain_head = models.CharField(_("mã băm cuối chuỗi phiếu"), max_length=64, blank=True)
    # The chain continued over the paper ballots (or the paper totals) when the count is certified.
    final_head = models.CharField(_("mã băm cuối chuỗi sau khi nhập phiếu giấy"), max_length=64, blank=True)
    # The winners became nominations (a cluster conference) or the nominations moved on or back (the council).
    published_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)
    papers = models.OneToOneField(
        "documents.RenderedDocument",
        verbose_name=_("phiếu bầu in sẵn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    minutes = models.OneToOneField(
        "documents.RenderedDocument",
        verbose_name=_("biên bản kiểm phiếu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
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
            models.CheckConstraint(condition=Q(ballot_form__in=["agree", "choose"]), name="session_ballot_form_valid"),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status="counted"), name="session_published_is_counted"
            ),
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
    """A unit on the ballot (at a cluster conference) or a nomination (at a council meeting), with the name it had
    then; after the count, its votes and whether it passed."""

    class Reason(models.TextChoices):
        ELECTED = "elected", _("Trúng cử")
        QUORUM = "quorum", _("Không đủ số đại biểu có mặt")
        THRESHOLD = "threshold", _("Không đạt ngưỡng")
        QUOTA = "quota", _("Ngoài số lượng được bầu")
        TIE = "tie", _("Bằng phiếu ở vị trí cuối")

    pool = models.ForeignKey(Pool, verbose_name=_("nhóm"), on_delete=models.CASCADE, related_name="candidates")
    # A copy of the pool's session, so that the database keeps a unit to one pool per session.
    session = models.ForeignKey(BallotSession, on_delete=models.CASCADE, related_name="candidates", editable=False)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="candidacies"
    )
    nomination = models.ForeignKey(
        "awards.Nomination",
        verbose_name=_("hồ sơ đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    name = models.CharField(_("tên (tại thời điểm bỏ phiếu)"), max_length=255)
    detail = models.CharField(_("đơn vị, chức vụ"), max_length=255, blank=True)
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
            models.UniqueConstraint(
                fields=["session", "nomination"],
                name="candidate_nomination_once_per_session",
                violation_error_message=_("Hồ sơ đã có trong danh sách ứng viên của phiên này."),
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(nomination__isnull=False), name="candidate_unit_or_nomination"
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

    class Channel(models.TextChoices):
        ELECTRONIC = "electronic", _("Bỏ phiếu điện tử")
        PAPER = "paper", _("Nhận phiếu giấy")

    session = models.ForeignKey(BallotSession, on_delete=models.PROTECT, related_name="participations")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="participations")
    channel = models.CharField(_("hình thức"), max_length=10, choices=Channel.choices, default=Channel.ELECTRONIC)

    class Meta:
        verbose_name = _("lượt bỏ phiếu")
        verbose_name_plural = pgettext_lazy("số nhiều", "lượt bỏ phiếu")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "delegate"],
                name="participation_once",
                violation_error_message=_("Đại biểu đã bỏ phiếu trong phiên này."),
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["electronic", "paper"]), name="participation_channel_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.delegate_id}"


class Ballot(models.Model):
    """An anonymous ballot: no delegate, no time; a random key and a random receipt code that its voter keeps.
    A paper ballot entered by the counting committee has the number printed on the paper instead of a voter."""

    class Source(models.TextChoices):
        ELECTRONIC = "electronic", _("Điện tử")
        PAPER = "paper", _("Phiếu giấy")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(BallotSession, on_delete=models.PROTECT, related_name="ballots")
    receipt = models.CharField(_("mã biên nhận"), max_length=20, unique=True)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices, default=Source.ELECTRONIC)
    paper_number = models.PositiveIntegerField(_("số phiếu in"), null=True, blank=True)
    # Decided when cast: a ballot with more "agree" marks than a pool's quota is kept and counted invalid; a paper
    # ballot is also invalid when the committee finds it spoiled (torn, unreadable, marked outside the boxes).
    is_valid = models.BooleanField(_("hợp lệ"))
    chain_hash = models.CharField(_("mã băm chuỗi"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = pgettext_lazy("số nhiều", "phiếu bầu")
        # Never by key or insertion: by the random receipt, the canonical order of the hash chain.
        ordering = ["session", "receipt"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "paper_number"],
                name="ballot_paper_once",
                violation_error_message=_("Phiếu giấy số này đã được nhập."),
            ),
            models.CheckConstraint(
                condition=Q(source="electronic", paper_number__isnull=True)
                | Q(source="paper", paper_number__isnull=False),
                name="ballot_paper_has_number",
            ),
        ]

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


class PaperCount(models.Model):
    """What the counting committee certifies about the paper ballots of a session: how many were returned, and
    either each paper entered as a Ballot (mode "ballots") or the totals per candidate (mode "totals"). The papers
    issued are the delegates recorded as having received one (Participation, channel paper)."""

    class Mode(models.TextChoices):
        BALLOTS = "ballots", _("Nhập từng phiếu")
        TOTALS = "totals", _("Nhập tổng số phiếu của từng ứng viên")

    session = models.OneToOneField(BallotSession, on_delete=models.CASCADE, related_name="paper_count")
    mode = models.CharField(_("cách nhập"), max_length=10, choices=Mode.choices, default=Mode.BALLOTS)
    # Totals mode only: the committee's figures (in ballots mode they come from the entered ballots).
    returned = models.PositiveIntegerField(_("số phiếu thu vào"), null=True, blank=True)
    valid = models.PositiveIntegerField(_("số phiếu hợp lệ"), null=True, blank=True)
    invalid = models.PositiveIntegerField(_("số phiếu không hợp lệ"), null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả kiểm phiếu giấy")
        verbose_name_plural = pgettext_lazy("số nhiều", "kết quả kiểm phiếu giấy")
        constraints = [
            models.CheckConstraint(condition=Q(mode__in=["ballots", "totals"]), name="paper_count_mode_valid"),
            models.CheckConstraint(
                condition=Q(mode="ballots")
                | Q(
                    returned__isnull=False,
                    valid__isnull=False,
                    invalid__isnull=False,
                    returned=F("valid") + F("invalid"),
                ),
                name="paper_count_returned_is_valid_plus_invalid",
                violation_error_message=_("Số phiếu thu vào phải bằng số phiếu hợp lệ cộng số phiếu không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.get_mode_display()}"


class PaperTotal(models.Model):
    """The "agree" marks of one candidate on the valid paper ballots, as the committee counted them."""

    paper_count = models.ForeignKey(PaperCount, on_delete=models.CASCADE, related_name="totals")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="paper_totals")
    votes = models.PositiveIntegerField(_("số phiếu đồng ý"))

    class Meta:
        verbose_name = _("số phiếu giấy của ứng viên")
        verbose_name_plural = pgettext_lazy("số nhiều", "số phiếu giấy của ứng viên")
        constraints = [
            models.UniqueConstraint(fields=["paper_count", "candidate"], name="paper_total_once_per_candidate"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.votes}"


# The summary report (Báo cáo tổng kết) --------------------------------------------------------------------------


class SummaryReport(models.Model):
    """The year's summary report (Báo cáo tổng kết công tác thi đua, khen thưởng, type code BC) of a cluster term or
    of the whole ministry: the narrative its writer keeps, the number and date it was first printed with, and its
    PDF. The figures are not stored here: they are read from the apps (voting/reports/selectors.py) and frozen
    into the PDF's data when it is built."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Báo cáo tổng kết của cụm, khối, khu vực")
        MINISTRY = "ministry", _("Báo cáo tổng kết toàn Bộ")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.CLUSTER)
    term = models.ForeignKey(
        ClusterTerm,
        verbose_name=_("nhiệm kỳ cụm thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="summary_reports",
    )
    # The term's year for a cluster's report (copied, so that both kinds list alike).
    year = models.PositiveSmallIntegerField(
        _("năm thi đua"), validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    achievements = models.TextField(_("kết quả đạt được"), blank=True)
    limitations = models.TextField(_("hạn chế, nguyên nhân"), blank=True)
    directions = models.TextField(_("phương hướng năm sau"), blank=True)
    # One more at every save of the narrative: a form posted from an older revision is refused, so that a draft
    # opened before someone else wrote never overwrites what they wrote.
    revision = models.PositiveIntegerField(_("lần sửa"), default=0)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_at = models.DateTimeField(_("viết lúc"), null=True, blank=True)
    # Given when the PDF is first built and kept afterwards: a report rebuilt with new figures keeps its number.
    number_text = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    date = models.DateField(_("ngày báo cáo"), null=True, blank=True)
    document = models.OneToOneField(
        "documents.RenderedDocument",
        verbose_name=_("văn bản PDF"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("báo cáo tổng kết")
        verbose_name_plural = pgettext_lazy("số nhiều", "báo cáo tổng kết")
        ordering = ["-year", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="cluster", term__isnull=False) | Q(kind="ministry", term__isnull=True),
                name="report_kind_term",
                violation_error_message=_("Báo cáo của cụm phải gắn với một nhiệm kỳ; báo cáo toàn Bộ thì không."),
            ),
            models.UniqueConstraint(
                fields=["term"],
                condition=Q(kind="cluster"),
                name="report_one_per_term",
                violation_error_message=_("Nhiệm kỳ cụm này đã có báo cáo tổng kết."),
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(kind="ministry"),
                name="report_one_ministry_per_year",
                violation_error_message=_("Năm này đã có báo cáo tổng kết toàn Bộ."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1945, year__lte=2100),
                name="report_year_range",
                violation_error_message=_("Năm thi đua phải từ 1945 đến 2100."),
            ),
            models.CheckConstraint(
                condition=Q(number_text="") | Q(date__isnull=False), name="report_numbered_has_date"
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.MINISTRY:
            return f"{_('Báo cáo tổng kết toàn Bộ')} {self.year}"
        return f"{_('Báo cáo tổng kết')} {self.term}"

    def save(self, *args, **kwargs):
        if self.term_id:
            self.year = self.term.year
        super().save(*args, **kwargs)

    @property
    def is_written(self) -> bool:
        return bool(self.achievements.strip() or self.limitations.strip() or self.directions.strip())
