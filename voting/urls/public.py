"""Portal URLs for voting: the public side. The ballot and the receipt need no account (the one-time code is the
credential); the room's screen and the verification pages are for those who may see the conference."""

from django.urls import path

from ..views import ballot, public

urlpatterns = [
    path("vote/", ballot.ballot_start, name="ballot_start"),
    path("vote/receipt/", public.ballot_receipt, name="ballot_receipt"),
    path("vote/<int:pk>/", ballot.ballot, name="ballot"),
    path("sessions/<int:pk>/screen/", public.session_screen, name="session_screen"),
    path("sessions/<int:pk>/screen/status/", public.session_screen_status, name="session_screen_status"),
    path("sessions/<int:pk>/verify/", public.session_verify, name="session_verify"),
    path("sessions/<int:pk>/verify.json", public.session_bulletin, name="session_bulletin"),
]
