from django.urls import path

from lienhiep.core import views

app_name = "exports"

urlpatterns = [
    path("<int:pk>/", views.export_detail, name="detail"),
    path("<int:pk>/progress/", views.export_progress, name="progress"),
    path("<int:pk>/file/", views.export_file, name="file"),
    path("<int:pk>/retry/", views.export_retry, name="retry"),
    path("<int:pk>/cancel/", views.export_cancel, name="cancel"),
]
