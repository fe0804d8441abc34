"""The ballot page (to be written: see the public-side task)."""

from django.http import Http404


def ballot_start(request):
    raise Http404


def ballot(request, pk: int):
    raise Http404
