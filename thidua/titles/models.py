"""Emulation titles (danh hiệu thi đua) and forms of commendation (hình thức khen thưởng)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.search import vi


class Title(models.Model):
    """One title or form of commendation, for individuals or collectives, with its place in its chain."""

    class Subject(models.TextChoices):
        INDIVIDUAL = "ca_nhan", _("Cá nhân")
        COLLECTIVE = "tap_the", _("Tập thể")

    class Category(models.TextChoices):
        EMULATION = "danh_hieu", _("Danh hiệu thi đua")
        COMMENDATION = "khen_thuong", _("Hình thức khen thưởng")

    class Level(models.TextChoices):
        UNIT = "co_so", _("Cơ sở")
        MINISTRY = "bo", _("Cấp Bộ, ngành")
        GOVERNMENT = "chinh_phu", _("Chính phủ, Thủ tướng Chính phủ")
        STATE = "nha_nuoc", _("Nhà nước")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    subject = models.CharField(_("đối tượng"), max_length=10, choices=Subject.choices)
    category = models.CharField(_("loại"), max_length=12, choices=Category.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    chain = models.CharField(
        _("chuỗi danh hiệu"),
        max_length=40,
        blank=True,
        help_text=_("Các danh hiệu cùng chuỗi được xếp từ thấp đến cao theo thứ tự."),
    )
    order_in_chain = models.PositiveSmallIntegerField(_("thứ tự trong chuỗi"), null=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = pgettext_lazy("số nhiều", "danh hiệu, hình thức khen thưởng")
        ordering = ["category", "subject", "chain", "order_in_chain", vi("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "order_in_chain"], condition=~Q(chain=""), name="title_unique_order_in_chain"
            ),
            models.CheckConstraint(
                condition=Q(chain="", order_in_chain__isnull=True) | (~Q(chain="") & Q(order_in_chain__isnull=False)),
                name="title_chain_has_order",
            ),
            models.CheckConstraint(condition=Q(subject__in=["ca_nhan", "tap_the"]), name="title_subject_valid"),
        ]

    def __str__(self) -> str:
        return self.name
