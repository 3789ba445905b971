from django.urls import path

from practices import views

app_name = "practices"
urlpatterns = [
    path("", views.practice_list, name="list"),
    path("vergelijken/", views.practice_compare, name="compare"),
    path("<slug:slug>/", views.practice_detail, name="detail"),
    path("<slug:slug>/overgenomen/", views.adoption_form, name="adoption"),
    path("<slug:slug>/overgenomen/bedankt/", views.adoption_thanks, name="adoption_thanks"),
]
