from django.urls import path

from lienhiep.campaigns import views_rollup

app_name = "campaigns"

urlpatterns = [
    path("<int:pk>/reconciliation/", views_rollup.reconciliation, name="reconciliation"),
    path("<int:pk>/reconciliation/export/", views_rollup.reconciliation_export, name="reconciliation_export"),
]
