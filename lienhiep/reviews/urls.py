from django.urls import path

from lienhiep.reviews import views
from lienhiep.reviews.urls_drafts import urlpatterns as draft_patterns

app_name = "reviews"

urlpatterns = [
    # Dossiers (rev15).
    path("", views.dossier_list, name="list"),
    path("export/", views.dossier_export, name="export"),
    path("new/", views.dossier_new, name="new"),
    path("rules/", views.profile_edit, name="profile"),
    path("plan/", views.plan_edit, name="plan"),
    path("<int:pk>/", views.dossier_detail, name="detail"),
    path("<int:pk>/edit/", views.dossier_edit, name="edit"),
    path("<int:pk>/move/", views.dossier_move, name="move"),
    path("<int:pk>/costs/", views.cost_add, name="cost_add"),
    path("costs/<int:pk>/pay/", views.cost_pay, name="cost_pay"),
    path("<int:pk>/experts/", views.expert_add, name="expert_add"),
    path("experts/<int:pk>/remove/", views.expert_remove, name="expert_remove"),
    path("experts/<int:pk>/end/", views.expert_end, name="expert_end"),
    path("experts/<int:pk>/declaration/", views.expert_declare, name="declare"),
    # Drafts, comments and the union's opinion (draft15).
    *draft_patterns,
]
