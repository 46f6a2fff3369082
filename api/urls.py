from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import (
    views_authority,
    views_calendars,
    views_chain,
    views_credentials,
    views_custody,
    views_documents,
    views_import,
    views_people,
    views_policy,
    views_trips,
)
from api.views_auth import TokenView

router = DefaultRouter()
router.register("agencies", views_people.AgencyViewSet, basename="agency")
router.register("officials", views_people.OfficialViewSet, basename="official")
router.register(
    r"officials/(?P<official_pk>\d+)/discipline-reviews",
    views_people.DisciplineReviewViewSet,
    basename="discipline-review",
)
router.register("trips", views_trips.TripViewSet, basename="trip")
router.register("passports", views_custody.PassportViewSet, basename="passport")
router.register("plans", views_custody.PlanViewSet, basename="plan")
router.register("substitutions", views_chain.SubstitutionViewSet, basename="substitution")
router.register("bodies", views_authority.BodyViewSet, basename="body")
router.register("positions", views_authority.PositionViewSet, basename="position")
router.register("calendar-feeds", views_calendars.CalendarFeedViewSet, basename="calendar-feed")
router.register(
    "signing-credentials", views_credentials.SigningCredentialViewSet, basename="signing-credential"
)

report = views_trips.ReportViewSet
app_name = "api"
urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from local static files, its start-up script as a file (?script): the CSP
    # allows no CDN and no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path(
        "trips/<int:trip_pk>/report/",
        report.as_view({"get": "retrieve", "put": "update", "post": "start"}),
        name="trip-report",
    ),
    path(
        "trips/<int:trip_pk>/report/submit/",
        report.as_view({"post": "submit"}),
        name="trip-report-submit",
    ),
    path(
        "trips/<int:trip_pk>/report/history/",
        report.as_view({"get": "history"}),
        name="trip-report-history",
    ),
    path(
        "trips/<int:trip_pk>/report/accept/",
        report.as_view({"post": "accept"}),
        name="trip-report-accept",
    ),
    path("authorities/", views_authority.AuthorityView.as_view(), name="authorities"),
    # Before the router, whose detail routes would take "import" and "record-past" for an id.
    path("officials/import/", views_import.OfficialImportView.as_view(), name="official-import"),
    path("trips/record-past/", views_import.RecordPastTripView.as_view(), name="trip-record-past"),
    # The documents (API.md, additions of 2026-11-28), before the router's trips/{id}/.
    path(
        "trips/<int:trip_pk>/decision/",
        views_documents.TripDecisionView.as_view(),
        name="trip-decision",
    ),
    path(
        "trips/<int:trip_pk>/decision.pdf",
        views_documents.TripPdfView.as_view(kinds=("decision", "permission")),
        name="trip-decision-pdf",
    ),
    path(
        "trips/<int:trip_pk>/proposal.pdf",
        views_documents.TripPdfView.as_view(kinds=("proposal",)),
        name="trip-proposal-pdf",
    ),
    path(
        "trips/<int:trip_pk>/report.pdf",
        views_documents.TripPdfView.as_view(kinds=("report",)),
        name="trip-report-pdf",
    ),
    path("register/", views_documents.RegisterView.as_view(), name="register"),
    path("documents/verify/", views_documents.VerifyView.as_view(), name="document-verify"),
    path("policy/", views_policy.PolicyView.as_view(), name="policy"),
    path("", include(router.urls)),
]
