from django.urls import path

from lienhiep.campaigns import views, views_rollup

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/export/", views.campaign_export, name="export"),
    path("<int:pk>/prefill/", views.campaign_prefill, name="prefill"),
    path("<int:pk>/move/", views.campaign_move, name="move"),
    path("<int:pk>/reconciliation/", views_rollup.reconciliation, name="reconciliation"),
    path("<int:pk>/reconciliation/export/", views_rollup.reconciliation_export, name="reconciliation_export"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/review/", views.submission_review, name="review"),
    path("submissions/<int:pk>/child/", views.submission_child, name="child"),
    path("submissions/<int:pk>/roll-up/", views.submission_roll_up, name="roll_up"),
    path("submissions/<int:pk>/files/", views.attachment_add, name="attach"),
    path("files/<int:pk>/", views.attachment_file, name="file"),
]
