"""What the management views share: a service's refusal shown as a message, query parameters read safely, the
way back to the page an action was started from."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse


def error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def int_param(data, name: str) -> int | None:
    value = str(data.get(name, "")).strip()
    return int(value) if value.isdigit() and 0 < int(value) < 10**9 else None


def back(request, name: str, pk: int, anchor: str = ""):
    """Redirect to the page `name` of `pk`, on the list page the form was posted from (a "page" field)."""
    url = reverse(name, args=[pk])
    page = int_param(request.POST, "page")
    if page and page > 1:
        url += f"?page={page}"
    return redirect(url + anchor)
