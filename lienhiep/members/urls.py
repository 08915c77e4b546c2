from django.urls import path

from lienhiep.members import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.admit, name="admit"),
    path("stats/", views.stats, name="stats"),
    path("stats/export/", views.stats_export, name="stats_export"),
    path("export/", views.export, name="export"),
    path("lookup/", views.person_lookup, name="person_lookup"),
    path("collective/", views.collective_list, name="collective"),
    path("collective/new/", views.collective_new, name="collective_new"),
    path("collective/<int:pk>/end/", views.collective_end, name="collective_end"),
    path("stats/<int:pk>/estimate/", views.estimate_set, name="estimate_set"),
    path("import/", views.import_start, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_batch, name="import_batch"),
    path("import/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("import/<int:pk>/layout/", views.import_layout, name="import_layout"),
    path("import/<int:pk>/retry/", views.import_retry, name="import_retry"),
    path("import/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("import/<int:pk>/run/", views.import_run, name="import_run"),
    path("import/<int:pk>/resolve/", views.import_resolve, name="import_resolve"),
    path("import/<int:pk>/errors/", views.import_errors_file, name="import_errors"),
    path("import/<int:pk>/undo/", views.import_undo, name="import_undo"),
    path("duplicates/", views.duplicates_list, name="duplicates"),
    path("duplicates/<int:pk>/<int:other>/", views.merge, name="merge"),
    path("merges/<int:pk>/undo/", views.merge_undo, name="merge_undo"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/memberships/new/", views.membership_add, name="membership_add"),
    path("<int:pk>/reveal-id/", views.reveal_id, name="reveal_id"),
    path("<int:pk>/consents/new/", views.consent_give, name="consent_give"),
    path("<int:pk>/consents/<int:consent_pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/export/", views.export_data, name="export_data"),
    path("<int:pk>/erase/", views.erase, name="erase"),
    path("memberships/<int:pk>/transfer/", views.transfer, name="transfer"),
    path("memberships/<int:pk>/leave/", views.leave, name="leave"),
]
