"""Print line and branch coverage of thidua/ from the .coverage file of the last test run."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

with tempfile.TemporaryDirectory() as folder:
    report = Path(folder) / "coverage.json"
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "coverage", "json", "-q", "-o", str(report)], check=True
    )
    totals = json.loads(report.read_text())["totals"]

lines = 100 * totals["covered_lines"] / max(totals["num_statements"], 1)
branches = 100 * totals["covered_branches"] / max(totals["num_branches"], 1)
print(
    f"coverage of thidua/: lines {totals['covered_lines']}/{totals['num_statements']} "
    f"({lines:.2f} %), branches {totals['covered_branches']}/{totals['num_branches']} "
    f"({branches:.2f} %), combined {totals['percent_covered']:.2f} %"
)
