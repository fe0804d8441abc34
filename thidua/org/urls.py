"""Portal URLs for the organization."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/people/new/", views.person_create, name="person_create"),
    path("people/", views.person_list, name="person_list"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster_detail"),
]
