import datetime as dt

from django.core.management.base import BaseCommand

from portal.sweep import daily_sweep


class Command(BaseCommand):
    help = (
        "Chạy lượt quét hằng ngày: kết thúc chuyến đi đã về, nhắc hạn báo cáo, gửi lại thư "
        "chưa gửi được. Dùng khi không có Celery beat (ví dụ cron lúc 07:30)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, help="YYYY-MM-DD (mặc định: hôm nay)"
        )

    def handle(self, *args, date=None, **options):
        result = daily_sweep(date)
        self.stdout.write(
            f"Đã kết thúc {result.completed} chuyến đi, tạo {result.reminders} lời nhắc, "
            f"gửi lại {result.resent} thư."
        )
