"""The PDF of a report's Word file, through LibreOffice headless where it is installed (REPORTING.md §5.7).

Optional: the one-office install needs no LibreOffice (`pdf_available()` says whether the page may offer it).
Each conversion runs in a temporary directory with its own LibreOffice profile (two conversions at once would
otherwise fight over the user's profile lock), within a time limit after which the whole process group is killed.
Times New Roman is not on Debian: fonts-liberation2's Liberation Serif has its metrics, so the lines break alike.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess  # noqa: S404 - LibreOffice is the converter; its arguments are ours, not the user's
import tempfile
from pathlib import Path

TIMEOUT = 60  # seconds
# PDF/A-2b, for the archive.
FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


class PdfFailed(RuntimeError):
    pass


def pdf_available() -> bool:
    return shutil.which("soffice") is not None


def render_pdf(docx: bytes, *, timeout: float = TIMEOUT) -> bytes:
    """The PDF of `docx`; raises PdfFailed when LibreOffice is missing, fails or runs past `timeout` seconds."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise PdfFailed("soffice is not installed")
    with tempfile.TemporaryDirectory(prefix="lh-pdf-") as work:
        folder = Path(work)
        source = folder / "report.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--convert-to",
            FILTER,
            "--outdir",
            str(folder),
            str(source),
        ]
        environment = {**os.environ, "HOME": str(folder)}
        process = subprocess.Popen(  # noqa: S603
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        try:
            _out, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfFailed(f"LibreOffice ran past {timeout:g} s") from None
        result = folder / "report.pdf"
        if process.returncode != 0 or not result.exists():
            raise PdfFailed(f"LibreOffice failed ({process.returncode}): {errors.decode(errors='replace')[:500]}")
        return result.read_bytes()
