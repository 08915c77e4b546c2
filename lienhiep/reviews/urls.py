from django.urls import path  # noqa: F401 - rev15's dossier routes use it

from lienhiep.reviews.urls_drafts import urlpatterns as draft_patterns

app_name = "reviews"

urlpatterns = [
    # Drafts, comments and the union's opinion (draft15).
    *draft_patterns,
]
