"""Portal URLs for voting: the meetings' management (the board, the cluster leader) and the public side
(the ballot, the room's screen, the verification pages)."""

from django.urls import include, path

urlpatterns = [
    path("", include("voting.urls.manage")),
    path("", include("voting.urls.public")),
    path("", include("voting.reports.urls")),
]
