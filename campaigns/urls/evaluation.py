"""Portal URLs for campaigns: the year-end evaluation (ratings, initiatives, import, scores and ranking)."""

from django.urls import path

from ..views import evaluation as views

urlpatterns = [
    path("evaluation/units/<int:pk>/", views.evaluation_unit, name="evaluation_unit"),
    path("evaluation/units/<int:pk>/<int:year>/", views.evaluation_table, name="evaluation_table"),
    path("evaluation/units/<int:pk>/<int:year>/xlsx/", views.evaluation_table_xlsx, name="evaluation_table_xlsx"),
    path(
        "evaluation/people/<int:pk>/<int:year>/initiatives/",
        views.evaluation_initiatives,
        name="evaluation_initiatives",
    ),
    path(
        "evaluation/initiatives/<int:pk>/delete/",
        views.evaluation_initiative_remove,
        name="evaluation_initiative_remove",
    ),
    path("evaluation/import/", views.evaluation_import, name="evaluation_import"),
    path("evaluation/import/template.xlsx", views.evaluation_import_template, name="evaluation_import_template"),
    path("evaluation/terms/<int:pk>/ranking/", views.evaluation_ranking, name="evaluation_ranking"),
    path("evaluation/terms/<int:pk>/scores/<int:unit_pk>/", views.evaluation_scores, name="evaluation_scores"),
]
