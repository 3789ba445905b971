from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from api import views

router = SimpleRouter()
router.register("praktijkvoorbeelden", views.PracticeViewSet, basename="practice")
router.register("bijeenkomsten", views.MeetingViewSet, basename="meeting")
router.register("reisverslagen", views.TravelReportViewSet, basename="travelreport")
router.register("actieplannen", views.ActionPlanViewSet, basename="actionplan")
router.register("gemeenten", views.MunicipalityViewSet, basename="municipality")
router.register("organisaties", views.OrganisationViewSet, basename="organisation")
router.register("regios", views.RegionViewSet, basename="region")
router.register("themas", views.ThemeDossierViewSet, basename="themedossier")
router.register("beleidsdocumenten", views.PolicyDocumentViewSet, basename="policydocument")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
    # Everything else under /api/ answers in JSON too (in the asked language).
    re_path(
        r"",
        lambda request, **kwargs: JsonResponse({"detail": gettext("Niet gevonden.")}, status=404),
    ),
]
