"""The room's screen, the verification pages and the receipt lookup (to be written: see the public-side task)."""

from django.http import Http404


def ballot_receipt(request):
    raise Http404


def session_screen(request, pk: int):
    raise Http404


def session_screen_status(request, pk: int):
    raise Http404


def session_verify(request, pk: int):
    raise Http404


def session_bulletin(request, pk: int):
    raise Http404
