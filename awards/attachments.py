"""What a nomination's attachment may be: checked by its content (magic bytes, the parts of a Word document), not
by its name alone; the name's extension must agree with the content. No file is trusted before it passes here."""

import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_SIZE = 20 * 1024 * 1024  # 20 MB per file
# A request carrying one file: the file plus the form's other fields and the multipart framing.
MAX_REQUEST_SIZE = MAX_SIZE + 256 * 1024

# A Word document is a ZIP: limits that a real .docx stays far below, so that a crafted archive (a "zip bomb",
# thousands of members) is refused without being unpacked. Only [Content_Types].xml is ever read, bounded.
DOCX_MAX_MEMBERS = 2000
DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
CONTENT_TYPES_MAX = 1024 * 1024
WORD_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_MAIN = b"application/vnd.ms-word.document.macroenabled.main+xml"

PDF, PNG, JPEG, DOCX = "pdf", "png", "jpeg", "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    PNG: "image/png",
    JPEG: "image/jpeg",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".docx": DOCX}
ALLOWED_EXTENSIONS = ", ".join(EXTENSIONS)


def _labels() -> dict[str, str]:
    return {
        PDF: _("tệp PDF"),
        PNG: _("ảnh PNG"),
        JPEG: _("ảnh JPEG"),
        DOCX: _("văn bản Word (.docx)"),
    }


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed: what it is, its size, its SHA-256 and its cleaned original name."""

    kind: str
    content_type: str
    extension: str
    size: int
    sha256: str
    original_name: str


def clean_name(name: str) -> str:
    """The file's own name, safe to show and to send back in Content-Disposition: no folders, no control
    characters, no characters that file systems refuse; Vietnamese letters are kept (NFC)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in name)
    name = "".join(ch for ch in name if ch not in '<>:"|?*')
    name = " ".join(name.split()).strip(" .")
    if not name:
        return "tep"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: 200 - len(ext) - 1]}.{ext}" if dot and len(ext) <= 10 else name[:200]
    return name


def _extension(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot else ""


def _head(upload, size: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return DOCX  # to be confirmed by _check_docx: any ZIP starts like this
    return None


def _check_docx(upload, name: str) -> None:
    """A ZIP is a Word document only if [Content_Types].xml declares the main WordprocessingML part (not the
    macro-enabled one) and word/document.xml is there."""
    not_word = _("Tệp «%(name)s» không phải văn bản Word (.docx) hợp lệ.") % {"name": name}
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > DOCX_MAX_MEMBERS or sum(m.file_size for m in members) > DOCX_MAX_UNCOMPRESSED:
                raise ValidationError(
                    _("Tệp «%(name)s» có cấu trúc bất thường (quá nhiều thành phần hoặc dung lượng giải nén quá lớn).")
                    % {"name": name},
                    code="docx_suspicious",
                )
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise ValidationError(not_word, code="not_docx")
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX:
                raise ValidationError(not_word, code="not_docx")
            with archive.open(info) as part:
                # Bounded read: the declared size may lie.
                declared = part.read(CONTENT_TYPES_MAX + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
        raise ValidationError(not_word, code="not_docx") from None
    finally:
        upload.seek(0)
    if len(declared) > CONTENT_TYPES_MAX:
        raise ValidationError(not_word, code="not_docx")
    lowered = declared.lower()
    if WORD_MACRO_MAIN in lowered:
        raise ValidationError(
            _("Tệp «%(name)s» là văn bản Word có macro, không được phép tải lên. Hãy lưu lại dưới dạng .docx.")
            % {"name": name},
            code="docx_macro",
        )
    if WORD_MAIN not in lowered:
        raise ValidationError(not_word, code="not_docx")


def _digest(upload) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return digest.hexdigest(), size


def check_upload(upload) -> CheckedFile:
    """Accept `upload` (a Django UploadedFile, or any file object with `name` and `size`) or raise a
    ValidationError in Vietnamese saying why.

    In order: the size (before anything is read), the first bytes (a program, "MZ", is named as such), the kind
    (PDF, PNG, JPEG; a ZIP must be a real .docx), then the extension of the name against the content.
    """
    name = clean_name(getattr(upload, "name", ""))
    size = getattr(upload, "size", None)
    if size is None:
        raise ValidationError(_("Không đọc được dung lượng của tệp «%(name)s».") % {"name": name}, code="no_size")
    if size > MAX_SIZE:
        raise ValidationError(
            _("Tệp «%(name)s» dung lượng %(size)s, vượt quá giới hạn 20 MB mỗi tệp.")
            % {"name": name, "size": filesizeformat(size)},
            code="too_big",
        )
    if size == 0:
        raise ValidationError(_("Tệp «%(name)s» rỗng.") % {"name": name}, code="empty")
    head = _head(upload)
    if head.startswith(b"MZ"):
        raise ValidationError(
            _(
                "Tệp «%(name)s» là tệp chương trình (.exe), không phải tài liệu; không được phép tải lên. "
                "Chỉ nhận tệp PDF, ảnh PNG, JPEG hoặc văn bản Word (.docx)."
            )
            % {"name": name},
            code="executable",
        )
    kind = _sniff(head)
    if kind is None:
        raise ValidationError(
            _("Tệp «%(name)s» không phải tệp PDF, ảnh PNG, JPEG hoặc văn bản Word (.docx).") % {"name": name},
            code="unsupported",
        )
    if kind == DOCX:
        _check_docx(upload, name)
    extension = _extension(name)
    named_kind = EXTENSIONS.get(extension)
    if named_kind is None:
        raise ValidationError(
            _("Tên tệp «%(name)s» phải có đuôi %(allowed)s.") % {"name": name, "allowed": ALLOWED_EXTENSIONS},
            code="extension",
        )
    if named_kind != kind:
        labels = _labels()
        raise ValidationError(
            _("Tên tệp «%(name)s» có đuôi %(extension)s nhưng nội dung là %(actual)s; hãy kiểm tra lại tệp.")
            % {"name": name, "extension": extension, "actual": labels[kind]},
            code="mismatch",
        )
    sha256, read = _digest(upload)
    if read != size:
        raise ValidationError(_("Tệp «%(name)s» tải lên không trọn vẹn.") % {"name": name}, code="truncated")
    return CheckedFile(
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        extension=".jpg" if kind == JPEG else f".{kind}",
        size=size,
        sha256=sha256,
        original_name=name,
    )
