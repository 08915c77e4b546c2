from django.urls import path  # noqa: F401

from lienhiep.reporting import pages

app_name = "reporting"

urlpatterns: list = []
# The pages of figures (the drill-down, the overview, congress targets), kept in pages.py.
urlpatterns += pages.urlpatterns
