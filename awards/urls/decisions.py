"""Portal URLs for awards: decisions."""

from django.urls import path

from ..views import decisions

urlpatterns = [
    path("decisions/", decisions.decision_list, name="decision_list"),
    path("decisions/new/", decisions.decision_create, name="decision_create"),
    path("decisions/new/appointment/", decisions.decision_create_appointment, name="decision_create_appointment"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/edit/", decisions.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/issue/", decisions.decision_issue, name="decision_issue"),
    path("decisions/<int:pk>/retry/", decisions.decision_retry, name="decision_retry"),
    path("decisions/<int:pk>/sign/", decisions.decision_sign, name="decision_sign"),
    path("decisions/<int:pk>/correct/", decisions.decision_correct, name="decision_correct"),
    path("decisions/<int:pk>/delete/", decisions.decision_delete, name="decision_delete"),
    path("decisions/<int:pk>/status/", decisions.decision_status, name="decision_status"),
    path("decisions/<int:pk>/download/", decisions.decision_download, name="decision_download"),
]
