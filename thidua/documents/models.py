"""Numbering series and stored PDFs: the records every printed document of the product is built on.

Owners (a decision, a covenant, minutes) hold a ForeignKey/OneToOneField to RenderedDocument: the link
then lives in the app that knows what the document is for, needs no content types, and joins cheaply.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .formatting import document_number_format

YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]


class TypeCode(models.TextChoices):
    """Abbreviations of document types (Decree 30/2020, Appendix III), as printed in "Số: 05/QĐ-BTP".

    GƯ (giao ước thi đua) is not in the decree's list, which has no covenant; we follow the decree's
    pattern (initials of the type's name) and keep it apart from BTT (bản thỏa thuận).
    """

    QD = "QĐ", _("Quyết định")
    BB = "BB", _("Biên bản")
    BC = "BC", _("Báo cáo")
    TTR = "TTr", _("Tờ trình")
    KH = "KH", _("Kế hoạch")
    TB = "TB", _("Thông báo")
    GU = "GƯ", _("Giao ước thi đua")


class DocumentSeries(models.Model):
    """The numbers an issuer has used for one type of document in one year: 01, 02, ... never reused."""

    issuer_code = models.CharField(_("mã cơ quan ban hành"), max_length=30, help_text=_("Ví dụ: BTP, TĐKT."))
    type_code = models.CharField(_("loại văn bản"), max_length=5, choices=TypeCode.choices)
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    last_number = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = pgettext_lazy("số nhiều", "sổ đăng ký số văn bản")
        ordering = ["-year", "issuer_code", "type_code"]
        constraints = [
            models.UniqueConstraint(fields=["issuer_code", "type_code", "year"], name="document_series_unique"),
            models.CheckConstraint(condition=Q(year__gte=1945, year__lte=2100), name="document_series_year_range"),
            models.CheckConstraint(condition=~Q(issuer_code=""), name="document_series_issuer_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.type_code}-{self.issuer_code} {self.year}: {self.last_number}"

    def format(self, number: int) -> str:
        return document_number_format(number=number, type_code=self.type_code, issuer_code=self.issuer_code)


class SignedDocumentError(ValidationError):
    """A signed document and its file never change; a correction is a new document."""

    def __init__(self):
        super().__init__(gettext("Văn bản đã ký: không được thay đổi, dựng lại hay xóa; hãy ban hành văn bản mới."))


class RenderedDocument(models.Model):
    """One printed document: the data it shows, frozen, and the PDF rendered from it with its checksum."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xử lý")
        RENDERING = "rendering", _("Đang dựng")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(
        _("loại"), max_length=50, db_index=True, help_text=_("Ví dụ: awards.decision, campaigns.plan.")
    )
    title = models.CharField(_("tiêu đề"), max_length=500)
    template_name = models.CharField(_("mẫu"), max_length=200)
    data = models.JSONField(_("dữ liệu đã chốt"))
    data_sha256 = models.CharField(_("SHA-256 của dữ liệu"), max_length=64, editable=False)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần dựng"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    file = models.FileField(_("tệp PDF"), upload_to="documents/%Y/", max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 của tệp"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("dựng lúc"), null=True, blank=True)
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh dấu đã ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        # Not SET_NULL: that would rewrite signed records behind save()'s back; users are deactivated instead.
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("văn bản PDF")
        verbose_name_plural = pgettext_lazy("số nhiều", "văn bản PDF")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="document_status_created")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(sha256="") & ~Q(file="")),
                name="document_done_has_file",
            ),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True) | Q(status="done"),
                name="document_signed_is_done",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Checked against the stored row, not this instance: the service that signs saves an instance
        # whose signed_at it has just set.
        if self._stored_signed():
            raise SignedDocumentError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_signed():
            raise SignedDocumentError()
        return super().delete(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def _stored_signed(self) -> bool:
        return self.pk is not None and type(self).objects.filter(pk=self.pk, signed_at__isnull=False).exists()
