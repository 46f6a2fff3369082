from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "is_active", "last_login"]
    list_filter = ["groups", "agency", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_select_related = ["agency"]
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Cơ quan"), {"fields": ["agency"]}))
    add_fieldsets = (*DjangoUserAdmin.add_fieldsets, (_("Cơ quan"), {"fields": ["agency"]}))
