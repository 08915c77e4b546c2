from django.urls import path

from lienhiep.finance import views

app_name = "finance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("export/", views.export, name="export"),
    path("budget/", views.budget_set, name="budget_set"),
    path("spending/new/", views.spending_new, name="spending_new"),
    path("budget/<int:pk>/delete/", views.budget_delete, name="budget_delete"),
    path("spending/<int:pk>/edit/", views.spending_edit, name="spending_edit"),
    path("spending/<int:pk>/delete/", views.spending_delete, name="spending_delete"),
]
