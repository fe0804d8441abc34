"""Portal URLs for voting: the meetings' management (the board, the cluster leader): conferences and council
meetings, delegates, sessions and their actions, the paper entry, the minutes, the paper ballots and the
conference pack."""

from django.urls import path

from ..views import conferences, documents, paper, sessions

urlpatterns = [
    path("conferences/", conferences.conference_list, name="conference_list"),
    path("conferences/new/", conferences.conference_create, name="conference_create"),
    path("conferences/new/council/", conferences.council_meeting_create, name="council_meeting_create"),
    path("conferences/<int:pk>/", conferences.conference_detail, name="conference_detail"),
    path("conferences/<int:pk>/edit/", conferences.conference_edit, name="conference_edit"),
    path("conferences/<int:pk>/leaders/", conferences.conference_appoint_leaders, name="conference_appoint_leaders"),
    path("conferences/<int:pk>/delegates/new/", conferences.delegate_add, name="delegate_add"),
    path("conferences/<int:pk>/delegates/from-term/", conferences.delegates_from_term, name="delegates_from_term"),
    path(
        "conferences/<int:pk>/delegates/check-in-all/",
        conferences.delegates_check_in_all,
        name="delegates_check_in_all",
    ),
    path("conferences/<int:pk>/sessions/new/", sessions.session_create, name="session_create"),
    path("conferences/<int:pk>/pack/", documents.pack_build, name="conference_pack_build"),
    path("conferences/<int:pk>/pack/retry/", documents.pack_retry, name="conference_pack_retry"),
    path("conferences/<int:pk>/pack/status/", documents.pack_status, name="conference_pack_status"),
    path("conferences/<int:pk>/pack/download/", documents.pack_download, name="conference_pack_download"),
    path("delegates/<int:pk>/edit/", conferences.delegate_edit, name="delegate_edit"),
    path("delegates/<int:pk>/remove/", conferences.delegate_remove, name="delegate_remove"),
    path("delegates/<int:pk>/check-in/", conferences.delegate_check_in, name="delegate_check_in"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/settings/", sessions.session_settings, name="session_settings"),
    path("sessions/<int:pk>/delete/", sessions.session_delete, name="session_delete"),
    path("sessions/<int:pk>/open/", sessions.session_open, name="session_open"),
    path("sessions/<int:pk>/reissue/", sessions.code_reissue, name="session_code_reissue"),
    path("sessions/<int:pk>/hand-out/", sessions.papers_issue, name="session_papers_issue"),
    path("sessions/<int:pk>/close/", sessions.session_close, name="session_close"),
    path("sessions/<int:pk>/count/", sessions.session_count, name="session_count"),
    path("sessions/<int:pk>/runoff/", sessions.session_runoff, name="session_runoff"),
    path("sessions/<int:pk>/publish/", sessions.session_publish, name="session_publish"),
    path("sessions/<int:pk>/paper/", paper.paper_entry, name="paper_entry"),
    path("sessions/<int:pk>/paper/ballot/", paper.paper_ballot_enter, name="paper_ballot_enter"),
    path("sessions/<int:pk>/paper/ballot/remove/", paper.paper_ballot_remove, name="paper_ballot_remove"),
    path("sessions/<int:pk>/paper/totals/", paper.paper_totals_enter, name="paper_totals_enter"),
    path("sessions/<int:pk>/minutes/issue/", documents.minutes_issue, name="session_minutes_issue"),
    path("sessions/<int:pk>/minutes/sign/", documents.minutes_sign, name="session_minutes_sign"),
    path("sessions/<int:pk>/minutes/retry/", documents.minutes_retry, name="session_minutes_retry"),
    path("sessions/<int:pk>/minutes/status/", documents.minutes_status, name="session_minutes_status"),
    path("sessions/<int:pk>/minutes/download/", documents.minutes_download, name="session_minutes_download"),
    path("sessions/<int:pk>/papers/print/", documents.papers_print, name="session_papers_print"),
    path("sessions/<int:pk>/papers/retry/", documents.papers_retry, name="session_papers_retry"),
    path("sessions/<int:pk>/papers/status/", documents.papers_status, name="session_papers_status"),
    path("sessions/<int:pk>/papers/download/", documents.papers_download, name="session_papers_download"),
]
