"""Portal URLs for campaigns: one module per area."""

from django.urls import include, path

urlpatterns = [
    path("", include("campaigns.urls.registrations")),
    path("", include("campaigns.urls.dashboard")),
    path("", include("campaigns.urls.movements")),
    path("", include("campaigns.urls.covenants")),
    path("", include("campaigns.urls.evaluation")),
    path("", include("campaigns.urls.notifications")),
]
