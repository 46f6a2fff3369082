from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import views as core_views
from core.admin_search import LabelledAutocompleteView
from travelmgmt import health, metrics

admin.site.site_header = _("Quản lý cán bộ đi nước ngoài")
admin.site.site_title = _("Quản lý cán bộ đi nước ngoài")

urlpatterns = [
    path("", include("portal.urls")),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ho-so/", include("approvals.urls")),  # the chain's pages first
    path("ho-so/", include("trips.urls")),
    path("bao-cao/", include("reports.urls")),
    path("ho-chieu/", include("passports.urls")),
    path("ke-hoach/", include("portal.plan_urls")),  # plans' pages read trips: on top
    path("thong-ke/", include("analytics.urls")),
    path("nhap-du-lieu/", include("registry.urls")),
    path("xuat-excel/", include("exports.urls")),
    path("", include("authority.urls")),  # tham-quyen/ and uy-quyen/
    path("van-ban/", include("documents.urls")),
    path("lich/", include("calendars.urls")),
    path("api/v1/", include("api.urls")),
    path("thong-bao/", core_views.notification_list, name="notifications"),
    path("thong-bao/<int:pk>/", core_views.notification_open, name="notification-open"),
    # Before the admin's own: its autocomplete, with labels that tell namesakes apart.
    path(
        "admin/autocomplete/",
        admin.site.admin_view(LabelledAutocompleteView.as_view(admin_site=admin.site)),
    ),
    path("admin/", admin.site.urls),
    # Pages without the site's layout (the admin, files) still get the icon browsers ask for.
    path("favicon.ico", core_views.favicon),
    # Operations (README "Production"): the load balancer's probe, public and terse; the
    # Prometheus scrape, answered only with METRICS_TOKEN or from METRICS_ALLOWED_NETWORKS.
    path("healthz/", health.health, name="health"),
    path("metrics/", metrics.metrics, name="metrics"),
]

# A database that cannot be reached is a 503 with Retry-After; the API answers JSON.
handler500 = "travelmgmt.errors.server_error"
