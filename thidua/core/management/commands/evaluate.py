"""``manage.py evaluate FILE.json [--year Y] [--regime vn2013|vn2022] [--db-parameters]``: run
the rules engine (with ``--db-parameters``, on the legal parameter table of the database).

Reads a self-contained dossier (format: thidua/rules/FORMAT.md) from a file or, with ``-``,
from standard input, and prints the result as JSON. Bad input prints one Vietnamese message per
problem, each naming its path, on standard error and exits with status 2.
"""

import json
import sys

from django.core.management.base import BaseCommand

from thidua.rules import InputError, evaluate_data
from thidua.rules.params import REGIMES

EXIT_BAD_INPUT = 2
# A dossier is a few levels deep; thousands of levels are an attack on the parser and the
# engine, both recursive.
MAX_DEPTH = 32


def _depth(data) -> int:
    """Nesting depth of parsed JSON, counted without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, level + 1) for item in items)
    return deepest


class Command(BaseCommand):
    help = "Xét danh hiệu thi đua cho một hồ sơ JSON (FILE hoặc - để đọc từ stdin)."
    # call_command(..., stdin=io.StringIO(...)) feeds "-" in tests.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp JSON hồ sơ, hoặc - để đọc từ stdin")
        parser.add_argument("--year", type=int, help="năm đánh giá (ghi đè year trong tệp)")
        # Checked in handle(), not by argparse, so the refusal is a Vietnamese message and exit 2.
        parser.add_argument(
            "--regime", help="chế độ pháp lý vn2013 hoặc vn2022 (ghi đè regime trong tệp)"
        )
        parser.add_argument(
            "--db-parameters",
            action="store_true",
            help="dùng bảng tham số pháp lý trong cơ sở dữ liệu (mặc định: giá trị gốc của bộ "
            "quy tắc); tham số ghi trong tệp vẫn được ưu tiên",
        )

    def handle(self, *args, **options):
        name = options["file"]
        if options["regime"] is not None and options["regime"] not in REGIMES:
            self._fail(
                [
                    f'--regime: "{options["regime"]}" không phải chế độ pháp lý hợp lệ '
                    f"({', '.join(REGIMES)})"
                ]
            )
        try:
            text = self._read(name, options.get("stdin") or sys.stdin)
        except OSError as error:
            self._fail([f"{name}: không đọc được tệp ({error.strerror or error})"])
        except UnicodeDecodeError:
            self._fail([f"{name}: tệp không phải văn bản UTF-8"])
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            where = f"dòng {error.lineno}, cột {error.colno}"
            self._fail([f"{name}: không phải JSON hợp lệ ({where}: {error.msg})"])
        except RecursionError:  # the parser recurses once per level of nesting
            data = None
            self._fail([f"{name}: JSON lồng quá sâu (tối đa {MAX_DEPTH} cấp)"])
        if _depth(data) > MAX_DEPTH:
            self._fail([f"{name}: JSON lồng quá sâu (tối đa {MAX_DEPTH} cấp)"])
        parameters = None
        if options.get("db_parameters"):
            from thidua.legal.selectors import legal_parameters

            parameters = legal_parameters()
        try:
            result = evaluate_data(
                data, year=options["year"], regime=options["regime"], parameters=parameters
            )
        except InputError as error:
            self._fail(error.problems)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _read(self, name: str, stdin) -> str:
        if name == "-":
            # Read bytes where possible so the input is UTF-8 whatever the locale says.
            binary = getattr(stdin, "buffer", None)
            return binary.read().decode("utf-8") if binary is not None else stdin.read()
        with open(name, encoding="utf-8") as handle:
            return handle.read()

    def _fail(self, problems: list[str]):
        for problem in problems:
            self.stderr.write(problem)
        raise SystemExit(EXIT_BAD_INPUT)
