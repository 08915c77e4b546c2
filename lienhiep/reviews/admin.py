"""Dossiers and their trails are written by the services alone: Django's admin only shows them."""

from django.contrib import admin

from lienhiep.core.admin import ReadOnlyAdmin, TargetEventAdmin
from lienhiep.reviews.models import Dossier, DossierEvent, RegulationProfile


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ("title", "org", "kind", "status", "received_on", "confidential")
    list_filter = ("kind", "status", "confidential")
    raw_id_fields = ("org", "profile", "created_by")
    date_hierarchy = "received_on"


@admin.register(DossierEvent)
class DossierEventAdmin(TargetEventAdmin):
    raw_id_fields = ("org", "dossier", "actor")


@admin.register(RegulationProfile)
class RegulationProfileAdmin(ReadOnlyAdmin):
    list_display = ("name", "scope", "org")
    raw_id_fields = ("org",)
