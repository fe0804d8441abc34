"""Platform views that belong to no app."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request):
    """Liveness probe for docker-compose and the bare-view baseline of the benchmark: no database access."""
    return HttpResponse("ok", content_type="text/plain")
