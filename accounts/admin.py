from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.models import Substitution, SubstitutionEvent, User
from accounts.roles import Role
from core.admin_mixins import (
    ADD,
    AGENCY_FILTER,
    CHANGE,
    DELETE,
    GuardedAdminMixin,
    ReadOnlyHistoryAdmin,
    guard_registered,
)


def role_label(group) -> str:
    """A role's label ("Cán bộ quản lý hộ chiếu"), not its group's code name ("custodian")."""
    return str(Role(group.name).label) if group.name in Role.values else group.name


PERMISSION_VERBS = {"add": _("Thêm"), "change": _("Sửa"), "delete": _("Xóa"), "view": _("Xem")}


def permission_label(permission) -> str:
    """ "Xem: Hồ sơ đi nước ngoài" rather than Django's English "Can view trip request"."""
    verb, _sep, _model = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if verb not in PERMISSION_VERBS or model is None:
        return permission.name
    return f"{PERMISSION_VERBS[verb]}: {model._meta.verbose_name}"


def labelled_choices(field, db_field):
    """The groups as roles, checkboxes (five of them: no two-list picker), and permissions
    in Vietnamese."""
    if field is None:
        return field
    if db_field.name == "groups":
        field.label_from_instance = role_label
        field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
    elif db_field.name in ("permissions", "user_permissions"):
        field.queryset = field.queryset.select_related("content_type")
        field.label_from_instance = permission_label
    return field


class RoleFilter(admin.SimpleListFilter):
    title = _("Vai trò")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value() in Role.values:
            return queryset.filter(groups__name=self.value())
        return queryset


@admin.register(User)
class UserAdmin(GuardedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "is_active", "last_login"]
    list_filter = [RoleFilter, AGENCY_FILTER, "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_select_related = ["agency"]
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Cơ quan"), {"fields": ["agency"]}))
    add_fieldsets = (*DjangoUserAdmin.add_fieldsets, (_("Cơ quan"), {"fields": ["agency"]}))
    # Deactivate a login instead of deleting it: history rows name their actors.
    admin_edits = {ADD, CHANGE}
    agency_scope = "agency"

    def is_editable(self, request, obj):
        # An administrator who is not a superuser cannot take over a superuser's account.
        return request.user.is_superuser or not obj.is_superuser

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return labelled_choices(field, db_field)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly


# The roles are groups whose permissions a data migration sets (accounts.roles): shown here,
# changed only by a migration, so that every database grants the same.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(GuardedAdminMixin, DjangoGroupAdmin):
    list_display = ["role", "name"]
    # Shown, never changed here (the roles' data migration grants them): each permission
    # in Vietnamese rather than Django's "Can add …".
    fields = ["role", "name", "role_permissions"]
    readonly_fields = ["role", "role_permissions"]

    @admin.display(description=_("Quyền"))
    def role_permissions(self, group):
        permissions = group.permissions.select_related("content_type").order_by(
            "content_type", "codename"
        )
        return format_html_join(
            mark_safe("<br>"), "{}", ((permission_label(p),) for p in permissions)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return labelled_choices(field, db_field)

    @admin.display(description=_("Vai trò"))
    def role(self, group):
        return role_label(group)


# Sign-in records: read-only, except that deleting an attempt is how a lockout is lifted.
guard_registered(AccessAttempt, admin_edits={DELETE})
guard_registered(AccessLog)
guard_registered(AccessFailureLog)


# Substitutions are named on their own page (authority.substitution_views, through the
# service's rules): shown here for the record, never edited here.
@admin.register(Substitution)
class SubstitutionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["principal", "substitute", "starts_on", "ends_on", "signs_as", "revoked_at"]
    list_filter = ["starts_on"]
    search_fields = ["principal__username", "substitute__username"]
    list_select_related = ["principal", "substitute"]


@admin.register(SubstitutionEvent)
class SubstitutionEventAdmin(ReadOnlyHistoryAdmin):
    list_display = ["at", "substitution", "action", "actor"]
    list_select_related = ["substitution__principal", "substitution__substitute", "actor"]
