"""Portal URLs for campaigns: registrations (a unit's sheet for a year, the board's list and actions)."""

from django.urls import path

from campaigns.views import registrations as views

urlpatterns = [
    path("registrations/", views.sheet_list, name="registration_sheet_list"),
    path("registrations/approve/", views.bulk_approve, name="registration_bulk_approve"),
    path("registrations/units/<int:unit_pk>/", views.sheet_detail, name="registration_sheet"),
    path(
        "registrations/units/<int:unit_pk>/<int:year>/collective/",
        views.collective_set,
        name="registration_collective",
    ),
    path("registrations/units/<int:unit_pk>/<int:year>/add/", views.registration_add, name="registration_add"),
    path(
        "registrations/units/<int:unit_pk>/<int:year>/register-all/",
        views.register_all,
        name="registration_register_all",
    ),
    path("registrations/units/<int:unit_pk>/<int:year>/submit/", views.sheet_submit, name="registration_submit"),
    path("registrations/entries/<int:pk>/remove/", views.registration_remove, name="registration_remove"),
    path("registrations/sheets/<int:pk>/return/", views.sheet_return, name="registration_return"),
    path("registrations/sheets/<int:pk>/approve/", views.sheet_approve, name="registration_approve"),
]
