"""The ``thidua`` command: Django's management commands with the project's settings.

thidua serve | demo | migrate | worker | jobs_reap | backup | restore | bench | createsuperuser | …
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and argv[1] == "bench":
        # The benchmark lives in the repository's bench/ package, beside src/: run it from the checkout.
        import runpy

        sys.path.insert(0, os.getcwd())
        sys.argv = ["bench", *argv[2:]]
        runpy.run_module("bench", run_name="__main__", alter_sys=True)
        return
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
