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
    path("ratings/", views.rating_list, name="ratings"),
    path("ratings/new/", views.rating_set, name="rating_set"),
    path("ratings/export/", views.ratings_export, name="ratings_export"),
]
