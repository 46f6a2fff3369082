"""Accounts made and roles handed out from the server's command line (`manage.py
createadmin`, `manage.py grant_role`): the first real administrator of a new installation,
who then manages everyone else in the admin, and role changes when no administrator can sign
in. Each change is one transaction with its admin log entry (LogEntry), as an edit in the
admin would leave."""

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import Role

VIA = "manage.py"  # named in the log entries: no signed-in actor on the command line


def _log(user, flag: int, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[user],
        action_flag=flag,
        change_message=f"{message} ({VIA})",
        single_object=True,
    )


def create_administrator(*, username: str, email: str, password: str, full_name: str = ""):
    """A superuser holding the administrator role (the admin site and the imports)."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("Tên đăng nhập %(username)s đã có.") % {"username": username})
    user = User(username=username, email=email, is_staff=True, is_superuser=True)
    user.first_name = full_name
    password_validation.validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.full_clean()
        user.save()
        user.groups.add(Group.objects.get(name=Role.ADMINISTRATOR.value))
        _log(user, ADDITION, "createadmin: administrator created")
    return user


def set_role(*, username: str, role: Role, granted: bool, agency_code: str = ""):
    """Grant or revoke one role; agency staff need their agency (given or already set)."""
    User = get_user_model()
    with transaction.atomic():
        try:
            user = User.objects.select_for_update().get(username=username)
        except User.DoesNotExist:
            raise ValidationError(
                _("Không có người dùng %(username)s.") % {"username": username}
            ) from None
        if agency_code:
            # The agency model through the user's own field: accounts sits below agencies.
            Agency = User._meta.get_field("agency").related_model
            try:
                user.agency = Agency.objects.get(code=agency_code)
            except Agency.DoesNotExist:
                raise ValidationError(
                    _("Không có cơ quan mã %(code)s.") % {"code": agency_code}
                ) from None
            user.save(update_fields=["agency"])
        if granted and role == Role.AGENCY_STAFF and user.agency_id is None:
            raise ValidationError(_("Cán bộ cơ quan phải thuộc một cơ quan: thêm --agency <mã>."))
        group = Group.objects.get(name=role.value)
        if granted:
            user.groups.add(group)
        else:
            user.groups.remove(group)
        verb = "granted" if granted else "revoked"
        where = f", agency {user.agency.code}" if agency_code else ""
        _log(user, CHANGE, f"grant_role: role {role.value} {verb}{where}")
    return user
