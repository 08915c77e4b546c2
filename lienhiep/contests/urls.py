from django.urls import include, path

app_name = "contests"

urlpatterns = [
    path("", include("lienhiep.contests.judging.urls")),
]
