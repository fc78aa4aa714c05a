"""LibreOffice in tests: a spreadsheet saved again by Calc, as an office would (round trips)."""

import shutil
import subprocess  # nosec B404 (fixed binary and arguments)
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is missing")


def saved_again_by_libreoffice(content: bytes, tmp_path: Path, name: str) -> bytes:
    """`content` (an XLSX file) opened and saved again as XLSX by LibreOffice Calc, headless,
    with a profile of its own under `tmp_path`."""
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "lo"
    subprocess.run(  # noqa: S603 (fixed binary and arguments)
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (out / name).read_bytes()
