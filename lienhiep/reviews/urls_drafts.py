"""The routes of a dossier's draft, comments and opinion (`reviews:*`), added to reviews/urls.py."""

from django.urls import path

from lienhiep.reviews import views_drafts as views

urlpatterns = [
    path("<int:pk>/draft/", views.draft_page, name="draft"),
    path("<int:pk>/draft/upload/", views.draft_upload, name="draft_upload"),
    path("drafts/<int:pk>/parts/", views.draft_parts, name="draft_parts"),
    path("drafts/<int:pk>/progress/", views.draft_progress, name="draft_progress"),
    path("drafts/<int:pk>/file/", views.draft_file, name="draft_file"),
    path("drafts/<int:pk>/resplit/", views.draft_resplit, name="draft_resplit"),
    path("drafts/<int:pk>/comment/", views.comment_new, name="comment_new"),
    path("drafts/<int:pk>/comments/", views.part_comments, name="part_comments"),
    path("comments/<int:pk>/reply/", views.comment_reply, name="comment_reply"),
    path("comments/<int:pk>/decide/", views.comment_decide, name="comment_decide"),
    path("<int:pk>/opinion/", views.opinion_page, name="opinion"),
    path("<int:pk>/opinion/take/", views.opinion_take, name="opinion_take"),
    path("<int:pk>/opinion/issue/", views.opinion_issue, name="opinion_issue"),
    path("<int:pk>/opinion.docx", views.opinion_docx, name="opinion_docx"),
    path("opinion-items/<int:pk>/", views.item_edit, name="item_edit"),
    path("<int:pk>/access/", views.access_page, name="access"),
    path("access/<int:pk>/remove/", views.access_remove, name="access_remove"),
]
