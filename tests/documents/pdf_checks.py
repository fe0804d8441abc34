"""Poppler (pdftotext, pdffonts, pdfinfo) checks of a rendered PDF, shared by every app that prints documents."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

A4_POINTS = (595.28, 841.89)


def _poppler(tool: str, *args: str) -> str:
    if not shutil.which(tool):
        pytest.fail(f"{tool} is not installed (Debian package poppler-utils)", pytrace=False)
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True, timeout=60).stdout


def pdf_text(path: Path, *, first: int | None = None, last: int | None = None, layout: bool = False) -> str:
    """The text pdftotext extracts (optionally pages first..last)."""
    args = []
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    if layout:
        args.append("-layout")
    return _poppler("pdftotext", *args, str(path), "-")


def pdf_fonts(path: Path) -> list[dict]:
    """One dict per font that pdffonts lists: name, type, emb ("yes"/"no")."""
    lines = _poppler("pdffonts", str(path)).splitlines()[2:]
    fonts = []
    for line in lines:
        # The columns after the name are fixed: type (may contain spaces), encoding, emb, sub, uni, object, gen.
        match = re.match(
            r"^(?P<name>\S+)\s+(?P<type>.+?)\s+(?P<encoding>\S+)\s+(?P<emb>yes|no)\s+(?P<sub>yes|no)\s+"
            r"(?P<uni>yes|no)\s+\d+\s+\d+$",
            line,
        )
        assert match, f"unexpected pdffonts line: {line!r}"
        fonts.append(match.groupdict())
    return fonts


def pdf_info(path: Path) -> dict[str, str]:
    """pdfinfo's fields ("Pages", "Page size", "Title", ...); dates in ISO 8601."""
    info = {}
    for line in _poppler("pdfinfo", "-isodates", str(path)).splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def page_size_points(path: Path) -> tuple[float, float]:
    match = re.match(r"([\d.]+) x ([\d.]+) pts", pdf_info(path)["Page size"])
    assert match, pdf_info(path)["Page size"]
    return float(match[1]), float(match[2])


def assert_national_format(path: Path, *, pages: int | None = None) -> None:
    """A4 portrait, every font embedded and from the shipped Liberation Serif, page numbers from page 2 only."""
    width, height = page_size_points(path)
    assert (round(width, 2), round(height, 2)) == A4_POINTS
    info = pdf_info(path)
    if pages is not None:
        assert info["Pages"] == str(pages)
    fonts = pdf_fonts(path)
    assert fonts, "no font in the PDF"
    assert [font["emb"] for font in fonts] == ["yes"] * len(fonts), fonts
    assert all("+LiberationSerif" in font["name"] for font in fonts), fonts
    first_page = [line.strip() for line in pdf_text(path, first=1, last=1, layout=True).splitlines() if line.strip()]
    assert first_page[0] != "1", "page 1 must not show its number"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf_text(path, first=1, last=1)
    total = int(info["Pages"])
    for page in range(2, total + 1):
        lines = [line.strip() for line in pdf_text(path, first=page, last=page, layout=True).splitlines()]
        assert [line for line in lines if line][0] == str(page), f"page {page} must start with its number"
