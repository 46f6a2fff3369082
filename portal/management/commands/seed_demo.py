import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.demo import DEMO_PASSWORD, DEMO_PIN, SIGNERS, seed


class Command(BaseCommand):
    help = "Tạo (hoặc bổ sung) dữ liệu mẫu của một tỉnh và in các tài khoản dùng thử."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force-demo",
            action="store_true",
            help="Tạo dữ liệu mẫu cả khi DEBUG tắt (máy chủ demo, không bao giờ máy chủ thật).",
        )

    def handle(self, *args, force_demo=False, **options):
        # The demo creates the administrator `quantri` with a published password: only on a
        # developer machine (DEBUG on), or when someone says so explicitly.
        if not settings.DEBUG and not force_demo:
            raise CommandError(
                _(
                    "seed_demo tạo tài khoản quản trị với mật khẩu công khai nên chỉ chạy trên máy "
                    "phát triển (DEBUG=true). Nếu đây thật sự là máy chủ trình diễn, chạy lại với "
                    "--force-demo."
                )
            )
        # The demo's documents and emails are made in-process (no broker on a developer
        # machine): their info lines would bury the logins printed below. Warnings still show.
        logging.disable(logging.INFO)
        try:
            logins = seed()
        finally:
            logging.disable(logging.NOTSET)
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng. Tài khoản dùng thử:"))
        for username, description in logins:
            self.stdout.write(f"  {username:<18} / {DEMO_PASSWORD:<10}  {description}")
        self.stdout.write(
            _("Mã PIN ký số (chứng thư thử nghiệm của %(signers)s): %(pin)s")
            % {"signers": ", ".join(SIGNERS), "pin": DEMO_PIN}
        )
