from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from lienhiep.core import views as core_views
from lienhiep.orgs import views as org_views

urlpatterns = [
    path("", org_views.home, name="home"),
    path("accounts/", include("lienhiep.accounts.urls")),
    path("orgs/", include("lienhiep.orgs.urls")),
    path("members/", include("lienhiep.members.urls")),
    path("experts/", include("lienhiep.experts.urls")),
    path("governance/", include("lienhiep.governance.urls")),
    path("activities/", include("lienhiep.activities.urls")),
    path("awards/", include("lienhiep.awards.urls")),
    path("finance/", include("lienhiep.finance.urls")),
    path("reports/", include("lienhiep.reporting.urls")),
    path("campaigns/", include("lienhiep.campaigns.urls")),
    path("reviews/", include("lienhiep.reviews.urls")),
    path("contests/", include("lienhiep.contests.urls")),
    path("exports/", include("lienhiep.core.urls")),
    # The language switch is offered on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # For the reverse proxy and monitoring (core/health.py): public, no data.
    path("healthz", core_views.healthz, name="healthz"),
]
