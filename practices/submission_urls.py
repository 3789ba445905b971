from django.urls import path

from practices import views

app_name = "submissions"
urlpatterns = [
    path("", views.submission_form, name="form"),
    path("bedankt/", views.submission_thanks, name="thanks"),
]
