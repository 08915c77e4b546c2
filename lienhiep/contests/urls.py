from django.urls import include, path

from lienhiep.contests import views

app_name = "contests"

urlpatterns = [
    path("", views.edition_list, name="list"),
    path("new/", views.contest_new, name="contest_new"),
    path("<int:pk>/editions/new/", views.edition_new, name="edition_new"),
    path("editions/<int:pk>/", views.edition_detail, name="edition"),
    path("editions/<int:pk>/edit/", views.edition_edit, name="edition_edit"),
    path("editions/<int:pk>/rules/", views.edition_rules, name="rules"),
    path("editions/<int:pk>/rules/copy/", views.edition_copy, name="edition_copy"),
    path("editions/<int:pk>/move/", views.edition_move, name="edition_move"),
    path("editions/<int:pk>/entries/new/", views.entry_new, name="entry_new"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/files/add/", views.entry_file_add, name="entry_file_add"),
    path("entries/<int:pk>/screen/", views.entry_screen, name="entry_screen"),
    path("files/<int:pk>/", views.entry_file, name="entry_file"),
    # The public page of an edition: no login (decision 0016).
    path("public/<int:pk>/", views.public, name="public"),
    path("public/<int:pk>/results/", views.public_results, name="public_results"),
    # Judging: the jurors' pages and the organiser's (contests/judging/urls.py).
    path("", include("lienhiep.contests.judging.urls")),
]
