"""Limits on ZIP-based files (XLSX, DOCX) read from the archive's directory, before anything
is decompressed.

`zipfile` never hands out more bytes than a member's declared size (a member that inflates
further fails its CRC check), so bounding the declared sizes bounds what every reader after
it (openpyxl, python-docx, `testzip`) can inflate: a 400 KB spreadsheet holding one 400 MB
string is refused here in milliseconds instead of taking minutes and gigabytes.
"""

import io
import zipfile

from django.utils.translation import gettext as _


class ArchiveRefused(ValueError):
    """The archive is unreadable or over a limit; the message is for the user (Vietnamese)."""


class ArchiveUnreadable(ArchiveRefused):
    """Not a zip archive at all, or a damaged one (callers word this their own way)."""


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_zip_limits(
    content: bytes, *, max_total: int, max_member: int, max_members: int = 2000
) -> list[zipfile.ZipInfo]:
    """The archive's members when within the limits; ArchiveRefused otherwise."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ArchiveUnreadable(_("Tệp nén bị hỏng hoặc sai định dạng.")) from exc
    if len(members) > max_members:
        raise ArchiveRefused(
            _("Tệp chứa %(n)s thành phần, vượt giới hạn %(max)s.")
            % {"n": len(members), "max": max_members}
        )
    for member in members:
        if member.file_size > max_member:
            raise ArchiveRefused(
                _("Một thành phần của tệp giải nén ra %(size)s, vượt giới hạn %(max)s.")
                % {"size": _mb(member.file_size), "max": _mb(max_member)}
            )
    total = sum(member.file_size for member in members)
    if total > max_total:
        raise ArchiveRefused(
            _("Tệp giải nén ra %(size)s, vượt giới hạn %(max)s.")
            % {"size": _mb(total), "max": _mb(max_total)}
        )
    return members
