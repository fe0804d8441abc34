"""Portal URLs for awards: nomination dossiers (list, create with the live eligibility check, a dossier's page and
its workflow actions, attachments)."""

from django.urls import path

from awards.views import nominations as views

urlpatterns = [
    path("nominations/", views.nomination_list, name="nomination_list"),
    path("nominations/new/", views.nomination_create, name="nomination_create"),
    path("nominations/eligibility/", views.nomination_eligibility, name="nomination_eligibility"),
    path("nominations/bulk/", views.nomination_bulk, name="nomination_bulk"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("nominations/<int:pk>/edit/", views.nomination_update, name="nomination_update"),
    path("nominations/<int:pk>/check/", views.nomination_check, name="nomination_check"),
    path("nominations/<int:pk>/submit/", views.nomination_submit, name="nomination_submit"),
    path("nominations/<int:pk>/forward/", views.nomination_forward, name="nomination_forward"),
    path("nominations/<int:pk>/return/", views.nomination_return, name="nomination_return"),
    path("nominations/<int:pk>/approve/", views.nomination_approve, name="nomination_approve"),
    path("nominations/<int:pk>/council-approve/", views.nomination_council_approve, name="nomination_council_approve"),
    path("nominations/<int:pk>/override/", views.nomination_override, name="nomination_override"),
    path("nominations/<int:pk>/attachments/", views.nomination_attachment_add, name="nomination_attachment_add"),
    path(
        "nominations/attachments/<int:pk>/",
        views.nomination_attachment_download,
        name="nomination_attachment_download",
    ),
    path(
        "nominations/attachments/<int:pk>/remove/",
        views.nomination_attachment_remove,
        name="nomination_attachment_remove",
    ),
]
