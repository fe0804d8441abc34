"""Portal URLs for awards: one module per area."""

from django.urls import include, path

urlpatterns = [
    path("", include("awards.urls.history")),
    path("", include("awards.urls.nominations")),
    path("", include("awards.urls.decisions")),
    path("", include("awards.urls.dashboard")),
]
