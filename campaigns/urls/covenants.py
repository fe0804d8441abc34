"""Portal URLs for campaigns: covenants (giao ước thi đua), their signatures and their PDF."""

from django.urls import path

from ..views import covenants

urlpatterns = [
    path("covenants/", covenants.covenant_list, name="covenant_list"),
    path("covenants/terms/<int:term_pk>/new/", covenants.covenant_create, name="covenant_create"),
    path("covenants/<int:pk>/", covenants.covenant_detail, name="covenant_detail"),
    path("covenants/<int:pk>/edit/", covenants.covenant_edit, name="covenant_edit"),
    path("covenants/<int:pk>/sign/", covenants.covenant_sign, name="covenant_sign"),
    path("covenants/<int:pk>/unsign/", covenants.covenant_unsign, name="covenant_unsign"),
    path("covenants/<int:pk>/document/retry/", covenants.covenant_document_retry, name="covenant_document_retry"),
    path("covenants/<int:pk>/document/status/", covenants.covenant_document_status, name="covenant_document_status"),
    path(
        "covenants/<int:pk>/document/download/",
        covenants.covenant_document_download,
        name="covenant_document_download",
    ),
]
