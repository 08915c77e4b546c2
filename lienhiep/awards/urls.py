from django.urls import path

from lienhiep.awards import views

app_name = "awards"

urlpatterns = [
    path("", views.honour_list, name="list"),
    path("new/", views.honour_new, name="new"),
    path("export/", views.honour_export, name="export"),
    path("<int:pk>/edit/", views.honour_edit, name="edit"),
    path("<int:pk>/delete/", views.honour_delete, name="delete"),
    path("<int:pk>/scan/", views.honour_scan, name="scan"),
    path("nominations/", views.nomination_list, name="nominations"),
    path("nominations/new/", views.nomination_new, name="nomination_new"),
    path("nominations/export/", views.nomination_export, name="nominations_export"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/move/", views.nomination_move, name="nomination_move"),
    path("nominations/files/<int:pk>/", views.nomination_file, name="nomination_file"),
    path("ratings/", views.rating_list, name="ratings"),
    path("ratings/new/", views.rating_set, name="rating_set"),
    path("ratings/export/", views.ratings_export, name="ratings_export"),
]
