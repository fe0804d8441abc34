"""Portal URLs for campaigns: the registration dashboard, the covenant score rankings dashboard and the import of
registrations from xlsx."""

from django.urls import path

from campaigns.views import dashboard, imports

urlpatterns = [
    path("dashboard/registrations/", dashboard.dashboard, name="dashboard_registrations"),
    path("dashboard/registrations/not-registered/", dashboard.not_registered, name="dashboard_not_registered"),
    path("dashboard/registrations/export.xlsx", dashboard.export, name="dashboard_export"),
    path("dashboard/rankings/", dashboard.rankings, name="stats_rankings"),
    path("imports/registrations/", imports.import_registrations, name="imports_registrations"),
    path("imports/registrations/template.xlsx", imports.import_template, name="imports_template"),
    path("imports/<int:pk>/", imports.import_job, name="imports_job"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="imports_confirm"),
    path("imports/<int:pk>/status/", imports.import_status, name="imports_status"),
]
