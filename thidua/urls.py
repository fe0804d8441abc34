"""URL configuration: the portal, the admin for the board, accounts, language switch and health check."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from thidua.core import views as core_views

admin.site.site_header = _("Thi đua - Khen thưởng: quản trị")
admin.site.site_title = _("Thi đua - Khen thưởng")
admin.site.index_title = _("Vụ Thi đua - Khen thưởng")

urlpatterns = [
    path("healthz/", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("campaigns.urls")),
    path("", include("awards.urls")),
    path("", include("voting.urls")),
    path("", include("thidua.org.urls")),
]
