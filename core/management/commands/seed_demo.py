from django.core.management.base import BaseCommand

from core.demo import DEMO_PASSWORD, seed


class Command(BaseCommand):
    help = "Tạo (hoặc bổ sung) dữ liệu mẫu của một tỉnh và in các tài khoản dùng thử."

    def handle(self, *args, **options):
        logins = seed()
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng. Tài khoản dùng thử:"))
        for username, description in logins:
            self.stdout.write(f"  {username:<18} / {DEMO_PASSWORD:<10}  {description}")
