from django.urls import path

from lienhiep.reporting import pages, views

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/panel/", views.report_panel, name="panel"),
    path("<int:pk>/figure/", views.figure_panel, name="figure_panel"),
    path("<int:pk>/override/", views.figure_override, name="figure_override"),
    path("<int:pk>/sections/", views.section_include, name="section_include"),
    path("<int:pk>/review/", views.report_review, name="review"),
    path("<int:pk>/return/", views.report_return, name="return"),
    path("<int:pk>/approve/", views.report_approve, name="approve"),
    path("<int:pk>/issue/", views.report_issue, name="issue"),
    path("<int:pk>/new-version/", views.report_new_version, name="new_version"),
    path("<int:pk>/withdraw/", views.report_withdraw, name="withdraw"),
    path("<int:pk>/files/", views.report_render, name="render"),
    path("<int:pk>/file/<str:fmt>/", views.report_download, name="download"),
    path("files/<int:pk>/<str:fmt>/", views.rendering_file, name="rendering_file"),
    path("<int:pk>/progress/", views.report_progress, name="progress"),
    path("<int:pk>/background/retry/", views.background_retry, name="background_retry"),
    path("<int:pk>/background/cancel/", views.background_cancel, name="background_cancel"),
    path("<int:pk>/scan/", views.scan, name="scan"),
    path("<int:pk>/scan/upload/", views.scan_upload, name="scan_upload"),
    path("blocks/<int:pk>/", views.block_view, name="block"),
    path("blocks/<int:pk>/edit/", views.block_edit, name="block_edit"),
    path("blocks/<int:pk>/source/", views.block_source, name="block_source"),
    path("blocks/<int:pk>/history/", views.block_history, name="block_history"),
    path("blocks/<int:pk>/comments/", views.block_comments, name="block_comments"),
    path("comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:pk>/copy/", views.template_copy, name="template_copy"),
]
# The pages of figures (the drill-down, the overview, congress targets), kept in pages.py.
urlpatterns += pages.urlpatterns
