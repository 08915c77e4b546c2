from django.contrib import admin
from django.urls import include, path

from lienhiep.orgs import views as org_views

urlpatterns = [
    path("", org_views.home, name="home"),
    path("accounts/", include("lienhiep.accounts.urls")),
    path("orgs/", include("lienhiep.orgs.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
