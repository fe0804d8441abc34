"""Portal URLs for campaigns: movements with their launch plan, and exemplary models."""

from django.urls import path

from ..views import exemplary, movements

urlpatterns = [
    path("movements/", movements.movement_list, name="movement_list"),
    path("movements/new/", movements.movement_create, name="movement_create"),
    path("movements/<int:pk>/", movements.movement_detail, name="movement_detail"),
    path("movements/<int:pk>/edit/", movements.movement_edit, name="movement_edit"),
    path("movements/<int:pk>/plan/", movements.movement_plan_issue, name="movement_plan_issue"),
    path("movements/<int:pk>/plan/retry/", movements.movement_plan_retry, name="movement_plan_retry"),
    path("movements/<int:pk>/plan/status/", movements.movement_plan_status, name="movement_plan_status"),
    path("movements/<int:pk>/plan/download/", movements.movement_plan_download, name="movement_plan_download"),
    path("exemplary/", exemplary.exemplary_list, name="exemplary_list"),
    path("exemplary/new/", exemplary.exemplary_pick, name="exemplary_pick"),
    path("exemplary/clusters/<int:pk>/", exemplary.exemplary_cluster, name="exemplary_cluster"),
    path("exemplary/units/<int:unit_pk>/new/", exemplary.exemplary_create, name="exemplary_create"),
    path("exemplary/<int:pk>/edit/", exemplary.exemplary_edit, name="exemplary_edit"),
    path("exemplary/<int:pk>/delete/", exemplary.exemplary_delete, name="exemplary_delete"),
]
