"""Portal URLs for campaigns: notifications."""

from django.urls import path

from campaigns.views import notifications as views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
]
