from django.urls import path

from lienhiep.orgs import views

app_name = "orgs"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("search/", views.tree_search, name="tree_search"),
    path("switch/", views.switch, name="switch"),
    path("assignments/", views.assignments, name="assignments"),
    path("lookup/", views.unit_lookup, name="unit_lookup"),
    path("accounts/lookup/", views.user_lookup, name="user_lookup"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.tree_children, name="tree_children"),
    path("<int:pk>/new/", views.create_child, name="create_child"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/rename/", views.rename, name="rename"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/split/", views.split, name="split"),
    path("<int:pk>/dissolve/", views.dissolve, name="dissolve"),
    path("<int:pk>/changes/<int:event_pk>/cancel/", views.change_cancel, name="change_cancel"),
    path("<int:pk>/audit/", views.audit_trail, name="audit"),
    path("<int:pk>/audit/export/", views.audit_export, name="audit_export"),
    path("<int:pk>/roles/new/", views.role_grant, name="role_grant"),
    path("<int:pk>/roles/<int:role_pk>/end/", views.role_end, name="role_end"),
]
