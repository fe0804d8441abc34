"""Template context: the current user's roles, for the navigation."""

from .permissions import scope_for


def roles(request):
    scope = scope_for(getattr(request, "user", None))
    return {"user_scope": scope}
