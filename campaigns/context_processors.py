"""Template context for campaigns: the current user's unread notifications, for a badge in the navigation."""

from functools import cache

from campaigns.selectors.notifications import unread_count


def unread_notifications(request):
    """`unread_notifications`: a callable the template resolves on first use (no query on pages without it)."""
    user = getattr(request, "user", None)

    @cache
    def count() -> int:
        return unread_count(user)

    return {"unread_notifications": count}
