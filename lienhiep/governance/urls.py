from django.urls import path

from lienhiep.governance import views

app_name = "governance"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.congress_new, name="congress_new"),
    path("<int:pk>/", views.term, name="term"),
    path("<int:pk>/documents/", views.congress_documents, name="congress_documents"),
    path("<int:pk>/committees/new/", views.committee_new, name="committee_new"),
    path("<int:pk>/targets/new/", views.target_new, name="target_new"),
    path("committees/<int:pk>/edit/", views.committee_edit, name="committee_edit"),
    path("committees/<int:pk>/seats/new/", views.seat_elect, name="seat_elect"),
    path("committees/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("committees/<int:pk>/roster.docx", views.roster_docx, name="roster_docx"),
    path("committees/<int:pk>/roster.xlsx", views.roster_xlsx, name="roster_xlsx"),
    path("seats/<int:pk>/leave/", views.seat_replace, name="seat_replace"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("targets/<int:pk>/value/", views.target_value, name="target_value"),
    path("compliance/", views.compliance_home, name="compliance_home"),
    path("compliance/<int:pk>/", views.compliance, name="compliance"),
    path("compliance/<int:pk>/export/", views.compliance_export, name="compliance_export"),
    path("compliance/<int:pk>/restructurings/new/", views.restructuring_new, name="restructuring_new"),
    path("restructurings/<int:pk>/done/", views.restructuring_done, name="restructuring_done"),
]
