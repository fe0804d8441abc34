"""Portal URLs for awards: the award history (sổ theo dõi khen thưởng) and a cluster's history."""

from django.urls import path

from awards.views import history as views

urlpatterns = [
    path("awards/history/", views.award_history, name="award_history"),
    path("awards/history/export/", views.award_history_export, name="award_history_export"),
    path("awards/history/import/", views.award_import, name="award_import"),
    path("awards/history/import/template/", views.award_import_template, name="award_import_template"),
    path("awards/history/<int:pk>/delete/", views.award_delete, name="award_delete"),
    path("people/<int:pk>/awards/", views.award_person, name="award_person"),
    path("people/<int:pk>/awards/new/", views.award_add_person, name="award_add_person"),
    path("units/<int:pk>/awards/", views.award_unit, name="award_unit"),
    path("units/<int:pk>/awards/new/", views.award_add_unit, name="award_add_unit"),
    path("clusters/<int:pk>/history/", views.cluster_history, name="cluster_history"),
]
