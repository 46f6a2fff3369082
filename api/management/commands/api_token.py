from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Cấp (issue) hoặc thu hồi (revoke) khóa API của một người dùng."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["issue", "revoke"])
        parser.add_argument("username")

    def handle(self, *args, action, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as missing:
            raise CommandError(f"Không có người dùng {username!r}.") from missing
        if action == "revoke":
            deleted, _ = Token.objects.filter(user=user).delete()
            self.stdout.write(f"Đã thu hồi {deleted} khóa của {username}.")
            return
        # A new key each time: issuing again replaces a key that may have leaked.
        Token.objects.filter(user=user).delete()
        self.stdout.write(Token.objects.create(user=user).key)
