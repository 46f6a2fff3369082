"""Where submit / approve / appraise / decide spend their time: a pyinstrument profile of
each step on the generated province (benchmarks/policy_check.py's database), in a
transaction rolled back afterwards.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/travelmgmt_bench \\
        .venv/bin/python benchmarks/profile_chain.py
"""

import os
import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "travelmgmt.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from pyinstrument import Profiler

    from benchmarks import goals, policy_check

    data = policy_check.delegation()
    goals.chain(lambda line: None, data)  # warm: the URLconf, templates, connections
    goals.GOALS.clear()
    profiler = Profiler(interval=0.0005)
    profiler.start()
    goals.chain(print, data)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
