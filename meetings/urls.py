from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("netwerken/", views.network_list, name="network_list"),
    path("netwerken/<slug:slug>/", views.network_detail, name="network_detail"),
    path("bijeenkomsten/", views.meeting_list, name="meeting_list"),
    path("bijeenkomsten/agenda.ics", views.meeting_calendar, name="meeting_calendar"),
    path("bijeenkomsten/<slug:slug>/", views.meeting_detail, name="meeting_detail"),
    path("bijeenkomsten/<slug:slug>/agenda.ics", views.meeting_ics, name="meeting_ics"),
    path("reisverslagen/", views.report_list, name="report_list"),
    path("reisverslagen/<slug:slug>/", views.report_detail, name="report_detail"),
    path(
        "reisverslagen/<slug:slug>/afdrukken/",
        views.report_detail,
        {"print_version": True},
        name="report_print",
    ),
    path("actieplannen/", views.plan_list, name="plan_list"),
    path("actieplannen/<slug:slug>/", views.plan_detail, name="plan_detail"),
]
