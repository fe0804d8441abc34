"""Portal URLs of the summary reports: the list, and for a cluster term's report and the ministry's report of a
year the same pages (the report, its narrative, its PDF and the xlsx export)."""

from django.urls import path

from . import views

ACTIONS = [
    ("", views.report_detail, ""),
    ("narrative/", views.report_narrative, "_narrative"),
    ("pdf/", views.report_pdf, "_pdf"),
    ("pdf/retry/", views.report_retry, "_retry"),
    ("pdf/status/", views.report_status, "_status"),
    ("pdf/download/", views.report_download, "_download"),
    ("xlsx/", views.report_xlsx, "_xlsx"),
]

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    *[
        path(f"reports/clusters/<int:term_pk>/{route}", view, name=f"report_term{name}")
        for route, view, name in ACTIONS
    ],
    *[
        path(f"reports/ministry/<int:year>/{route}", view, name=f"report_ministry{name}")
        for route, view, name in ACTIONS
    ],
]
