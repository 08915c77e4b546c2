from django.urls import path

from lienhiep.experts import importing, views

app_name = "experts"

urlpatterns = [
    path("", views.expert_list, name="list"),
    path("new/", views.expert_new, name="new"),
    path("<int:pk>/", views.expert_detail, name="detail"),
    path("<int:pk>/edit/", views.expert_edit, name="edit"),
    path("<int:pk>/account/", views.expert_account, name="account"),
    *importing.EXPERTS.urls("import/"),
]
