from django.urls import path

from lienhiep.experts import views

app_name = "experts"

urlpatterns = [
    path("", views.expert_list, name="list"),
    path("new/", views.expert_new, name="new"),
    path("<int:pk>/", views.expert_detail, name="detail"),
    path("<int:pk>/edit/", views.expert_edit, name="edit"),
    path("<int:pk>/account/", views.expert_account, name="account"),
    path("import/", views.expert_import, name="import"),
    path("import/template/", views.expert_import_template, name="import_template"),
    path("import/<int:pk>/", views.expert_import_batch, name="import_batch"),
    path("import/<int:pk>/progress/", views.expert_import_progress, name="import_progress"),
    path("import/<int:pk>/layout/", views.expert_import_layout, name="import_layout"),
    path("import/<int:pk>/run/", views.expert_import_run, name="import_run"),
    path("import/<int:pk>/retry/", views.expert_import_retry, name="import_retry"),
    path("import/<int:pk>/cancel/", views.expert_import_cancel, name="import_cancel"),
]
