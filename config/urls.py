from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from django.utils.translation import gettext_lazy as _

from core import views as core_views

admin.site.site_header = _("Xinke administration")
admin.site.site_title = _("Xinke")
admin.site.index_title = _("Rules, templates and records")
# Admins sign in through allauth too: the same lockout and two-factor rules apply.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    # The language switch works before sign-in too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("staff/", include("staff.urls")),
    path("hiring/", include("hiring.urls")),
    path("notifications/", include("notifications.urls")),
    path("discipline/", include("discipline.urls")),
    path("approvals/", include("approvals.urls")),
    path("authz/", include("authz.urls")),
    path("audit/", include("audit.urls")),
    path("imports/", include("dataimport.urls")),
    path("appraisal/", include("appraisal.urls")),
    path("offboarding/", include("offboarding.urls")),
    path("leave/", include("leave.urls")),
    path("duty/", include("dutyroster.urls")),
    path("calendar/", include("workcalendar.urls")),
    path("training/", include("training.urls")),
    path("admin/", admin.site.urls),
]
