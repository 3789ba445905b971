"""/volgen/: follow a municipality, theme, content type or search by e-mail."""

from django.urls import path

from alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("verstuurd/", views.sent, name="sent"),
    path("bevestigen/<str:signed>/", views.confirm, name="confirm"),
    path("afmelden/<str:signed>/", views.unsubscribe, name="unsubscribe"),
    path("beheer/<str:signed>/", views.manage, name="manage"),
]
