"""Dutch addresses of organisations, regions, theme dossiers and policy documents."""

from django.urls import path

from dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("regios/", views.region_list, name="region_list"),
    path("regios/<slug:slug>/", views.region_detail, name="region_detail"),
    path("themas/", views.dossier_list, name="dossier_list"),
    path("themas/<slug:slug>/", views.dossier_detail, name="dossier_detail"),
    path(
        "themas/<slug:slug>/afdrukken/",
        views.dossier_detail,
        {"print_version": True},
        name="dossier_print",
    ),
    path("beleidsdocumenten/", views.policy_list, name="policy_list"),
    path("beleidsdocumenten/<slug:slug>/", views.policy_detail, name="policy_detail"),
]
