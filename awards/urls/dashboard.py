"""Portal URLs for the dashboards' entry page and the awards' dashboards (titles per year, banners over the years)."""

from django.urls import path

from awards.views import dashboard as views

urlpatterns = [
    path("dashboard/", views.stats_index, name="stats_index"),
    path("dashboard/titles/", views.stats_titles, name="stats_titles"),
    path("dashboard/banners/", views.stats_banners, name="stats_banners"),
]
