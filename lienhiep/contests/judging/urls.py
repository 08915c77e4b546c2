"""Judging's URLs, included in the app's namespace (`contests:`) by contests/urls.py."""

from django.urls import path

from lienhiep.contests.judging import views

urlpatterns = [
    # The juror's pages (ContestsConfig.grant_views).
    path("jury/<int:pk>/", views.judge, name="judge"),
    path("jury/<int:pk>/entries/<int:entry>/", views.judge_entry, name="judge_entry"),
    path("jury/<int:pk>/entries/<int:entry>/declare/", views.judge_declare, name="judge_declare"),
    path("jury/<int:pk>/files/<int:file>/", views.judge_file, name="judge_file"),
    # The organiser's.
    path("jury/<int:pk>/remove/", views.juror_remove, name="juror_remove"),
    path("rounds/<int:pk>/jury/", views.jury, name="jury"),
    path("rounds/<int:pk>/jury/experts/", views.juror_lookup, name="juror_lookup"),
    path("rounds/<int:pk>/open/", views.round_open, name="round_open"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:pk>/ranking/", views.ranking, name="ranking"),
    path("rounds/<int:pk>/prizes/", views.prizes_propose, name="prizes_propose"),
    path("rounds/<int:pk>/prizes/<int:entry>/", views.prize_set, name="prize_set"),
    path("rounds/<int:pk>/votes/", views.votes, name="votes"),
    path("rounds/<int:pk>/approval/", views.approval, name="approval"),
    path("editions/<int:pk>/decision/", views.decision, name="decision"),
    path("editions/<int:pk>/decision/issue/", views.decision_issue, name="decision_issue"),
    path("editions/<int:pk>/decision.docx", views.decision_docx, name="decision_docx"),
    path("editions/<int:pk>/certificates.docx", views.certificates, name="certificates"),
    path("entries/<int:pk>/forward/", views.forward, name="forward"),
]
