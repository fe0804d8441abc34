"""Portal views for notifications: a user's own messages, opening one (marks it read) and marking all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from campaigns.selectors import notifications as selectors
from campaigns.services.notifications import notification_mark_read
from thidua.core.paging import paginate


@login_required
@require_GET
def notification_list(request):
    page = paginate(request, selectors.user_notifications(request.user))
    return render(
        request,
        "campaigns/notifications/list.html",
        {"page": page, "unread": selectors.unread_count(request.user)},
    )


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark the notification read and follow its link (only to this site)."""
    notification = selectors.get_notification_for_user(request.user, pk)
    notification_mark_read(user=request.user, notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(link)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request):
    changed = notification_mark_read(user=request.user)
    if changed:
        messages.success(request, _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": changed})
    return redirect("notification_list")
