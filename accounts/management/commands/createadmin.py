import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.provisioning import create_administrator


class Command(BaseCommand):
    help = (
        "Tạo tài khoản quản trị đầu tiên (superuser, vai trò quản trị). Mật khẩu được hỏi hai "
        "lần, hoặc đọc từ dòng đầu của stdin với --password-stdin."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--full-name", default="")
        parser.add_argument("--password-stdin", action="store_true")

    def handle(self, *args, username, email, full_name, password_stdin, **options):
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Mật khẩu: ")
            if getpass.getpass("Nhập lại mật khẩu: ") != password:
                raise CommandError("Hai lần nhập mật khẩu không khớp.")
        try:
            user = create_administrator(
                username=username, email=email, password=password, full_name=full_name
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Đã tạo quản trị viên {user.username}.")
