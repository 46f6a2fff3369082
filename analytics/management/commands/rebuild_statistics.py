"""Count the statistics' summary tables again from the trips (analytics/summary.py).

manage.py rebuild_statistics               # replace them (idempotent; one transaction)
manage.py rebuild_statistics --verify 500  # compare 500 random trips' shares, write nothing
"""

from django.core.management.base import BaseCommand, CommandError

from analytics import summary


class Command(BaseCommand):
    help = "Đếm lại các bảng tổng hợp thống kê từ hồ sơ đi nước ngoài."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--verify",
            type=int,
            metavar="N",
            help="So sánh N hồ sơ ngẫu nhiên (0: tất cả) với bảng tổng hợp, không ghi gì.",
        )

    def handle(self, *args, batch_size, verify, **options):
        if verify is not None:
            wrong = summary.verify(verify or None)
            if wrong:
                raise CommandError(f"Lệch với bảng tổng hợp: {len(wrong)} hồ sơ {wrong[:20]}")
            self.stdout.write("Bảng tổng hợp khớp với hồ sơ.")
            return
        counts = summary.rebuild(batch_size)
        self.stdout.write(", ".join(f"{table}: {n}" for table, n in counts.items()))
