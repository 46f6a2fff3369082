from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.provisioning import set_role
from accounts.roles import Role


class Command(BaseCommand):
    help = "Cấp (hoặc thu hồi với --revoke) một vai trò cho một người dùng."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=[role.value for role in Role])
        parser.add_argument("--agency", default="", help="mã cơ quan (bắt buộc với agency_staff)")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, username, role, agency, revoke, **options):
        try:
            user = set_role(
                username=username, role=Role(role), granted=not revoke, agency_code=agency
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        roles = ", ".join(sorted(user.groups.values_list("name", flat=True))) or "-"
        self.stdout.write(f"{user.username}: {roles}")
