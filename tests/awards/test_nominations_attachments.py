"""Attachments of a dossier: accepted by content (PDF, PNG, JPEG, .docx), refused otherwise with a clear message;
stored privately with their size and SHA-256; downloaded only by those who may see the dossier."""

import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from awards.attachments import MAX_SIZE, check_upload, clean_name
from awards.models import Attachment, Nomination
from awards.services import nominations as services
from tests import factories
from tests.awards import nominations_factories as f

pytestmark = pytest.mark.django_db
Status = Nomination.Status


@pytest.fixture
def media(settings, tmp_path):
    """A private storage of the test's own: nothing is written to the project's var/media."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def refusal(upload) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        check_upload(upload)
    return exc.value.messages


# Content checks -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "content_type", "extension"),
    [
        ("Báo cáo thành tích.pdf", f.PDF_BYTES, "application/pdf", ".pdf"),
        ("anh.PNG", f.PNG_BYTES, "image/png", ".png"),
        ("anh.jpeg", f.JPEG_BYTES, "image/jpeg", ".jpg"),
        ("anh.jpg", f.JPEG_BYTES, "image/jpeg", ".jpg"),
        (
            "Biên bản họp.docx",
            f.docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
    ],
)
def test_accepted_kinds(name, data, content_type, extension):
    checked = check_upload(f.upload(name, data, content_type="text/plain"))  # the browser's claim is ignored
    assert (checked.content_type, checked.extension, checked.size) == (content_type, extension, len(data))
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.original_name == name


def test_a_renamed_program_is_refused():
    assert refusal(f.upload("bao-cao.pdf", f.EXE_BYTES, "application/pdf")) == [
        "Tệp «bao-cao.pdf» là tệp chương trình (.exe), không phải tài liệu; không được phép tải lên. Chỉ nhận tệp "
        "PDF, ảnh PNG, JPEG hoặc văn bản Word (.docx)."
    ]
    assert refusal(f.upload("setup.exe", f.EXE_BYTES))[0].startswith("Tệp «setup.exe» là tệp chương trình (.exe)")


def test_a_zip_named_docx_without_a_word_document_is_refused():
    plain_zip = f.zip_bytes({"[Content_Types].xml": f.WORD_CONTENT_TYPES, "readme.txt": "không phải Word"})
    assert refusal(f.upload("bao-cao.docx", plain_zip)) == [
        "Tệp «bao-cao.docx» không phải văn bản Word (.docx) hợp lệ."
    ]
    no_types = f.zip_bytes({"word/document.xml": "<w:document/>"})
    assert refusal(f.upload("bao-cao.docx", no_types)) == ["Tệp «bao-cao.docx» không phải văn bản Word (.docx) hợp lệ."]
    broken = b"PK\x03\x04" + b"\x00" * 64
    assert refusal(f.upload("bao-cao.docx", broken)) == ["Tệp «bao-cao.docx» không phải văn bản Word (.docx) hợp lệ."]


def test_a_macro_enabled_word_document_is_refused():
    data = f.zip_bytes(
        {
            "[Content_Types].xml": f.WORD_CONTENT_TYPES.replace(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                "application/vnd.ms-word.document.macroEnabled.main+xml",
            ),
            "word/document.xml": "<w:document/>",
        }
    )
    assert refusal(f.upload("bao-cao.docx", data)) == [
        "Tệp «bao-cao.docx» là văn bản Word có macro, không được phép tải lên. Hãy lưu lại dưới dạng .docx."
    ]


def test_an_archive_with_too_many_members_is_refused_unread():
    members = {"[Content_Types].xml": f.WORD_CONTENT_TYPES, "word/document.xml": "<w:document/>"}
    members.update({f"word/media/{n}.bin": b"" for n in range(2001)})
    assert refusal(f.upload("bao-cao.docx", f.zip_bytes(members))) == [
        "Tệp «bao-cao.docx» có cấu trúc bất thường (quá nhiều thành phần hoặc dung lượng giải nén quá lớn)."
    ]


class _Unreadable(io.BytesIO):
    """A file that claims a size but must not be read: proves the size is checked first."""

    def __init__(self, name: str, size: int):
        super().__init__(b"")
        self.name, self.size = name, size

    def read(self, *args):
        raise AssertionError("read before the size was checked")


def test_20_mb_and_one_byte_is_refused_before_reading():
    assert refusal(_Unreadable("bao-cao.pdf", MAX_SIZE + 1)) == [
        "Tệp «bao-cao.pdf» dung lượng 20,0\xa0MB, vượt quá giới hạn 20 MB mỗi tệp."
    ]


def test_exactly_20_mb_is_accepted():
    data = f.PDF_BYTES + b"\x00" * (MAX_SIZE - len(f.PDF_BYTES))
    assert check_upload(f.upload("lon.pdf", data)).size == MAX_SIZE


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("anh.pdf", f.PNG_BYTES, "Tên tệp «anh.pdf» có đuôi .pdf nhưng nội dung là ảnh PNG; hãy kiểm tra lại tệp."),
        (
            "bao-cao.docx",
            f.PDF_BYTES,
            "Tên tệp «bao-cao.docx» có đuôi .docx nhưng nội dung là tệp PDF; hãy kiểm tra lại tệp.",
        ),
        ("anh.png", f.JPEG_BYTES, "Tên tệp «anh.png» có đuôi .png nhưng nội dung là ảnh JPEG; hãy kiểm tra lại tệp."),
        (
            "bao-cao.pdf",
            f.docx_bytes(),
            "Tên tệp «bao-cao.pdf» có đuôi .pdf nhưng nội dung là văn bản Word (.docx); hãy kiểm tra lại tệp.",
        ),
        ("bao-cao", f.PDF_BYTES, "Tên tệp «bao-cao» phải có đuôi .pdf, .png, .jpg, .jpeg, .docx."),
        (
            "bao-cao.txt",
            b"van ban thuong",
            "Tệp «bao-cao.txt» không phải tệp PDF, ảnh PNG, JPEG hoặc văn bản Word (.docx).",
        ),
        ("trong.pdf", b"", "Tệp «trong.pdf» rỗng."),
    ],
)
def test_refusals(name, data, message):
    assert refusal(f.upload(name, data)) == [message]


def test_clean_name():
    assert clean_name("C:\\Users\\a\\Báo cáo\x00 năm 2016 .pdf") == "Báo cáo năm 2016 .pdf"
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name('a<b>:"c|?*.pdf') == "abc.pdf"
    assert clean_name("   ") == "tep"
    long = clean_name("x" * 300 + ".docx")
    assert len(long) == 200 and long.endswith(".docx")


# Storing ------------------------------------------------------------------------------------------------------


def test_add_stores_privately_with_checksum_and_name(world, media):
    nomination = f.eligible_draft(world)
    attachment = services.attachment_add(
        actor=world.users["staff_a"],
        nomination=nomination,
        kind=Attachment.Kind.REPORT,
        upload=f.upload("Báo cáo thành tích 2016.pdf", f.PDF_BYTES),
    )
    attachment.refresh_from_db()
    assert attachment.original_name == "Báo cáo thành tích 2016.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(f.PDF_BYTES)
    assert attachment.sha256 == hashlib.sha256(f.PDF_BYTES).hexdigest()
    assert attachment.uploaded_by == world.users["staff_a"]
    # A random name of its own under nominations/<year>/: the original name never reaches the file system.
    assert attachment.file.name.startswith("nominations/")
    assert attachment.file.name.endswith(".pdf")
    assert "Báo cáo" not in attachment.file.name
    assert (media / attachment.file.name).read_bytes() == f.PDF_BYTES


def test_add_and_remove_only_while_editable(world, media, django_capture_on_commit_callbacks):
    nomination = f.eligible_draft(world)
    attachment = services.attachment_add(
        actor=None, nomination=nomination, kind=Attachment.Kind.MINUTES, upload=f.upload("bien-ban.png", f.PNG_BYTES)
    )
    services.nomination_submit(actor=None, nomination=nomination)
    message = (
        "Chỉ thêm, bỏ tài liệu khi hồ sơ là dự thảo hoặc bị trả lại; hồ sơ này đang ở trạng thái «Vụ TĐKT thẩm định»."
    )
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(
            actor=None, nomination=nomination, kind=Attachment.Kind.OTHER, upload=f.upload("x.pdf", f.PDF_BYTES)
        )
    assert exc.value.messages == [message]
    assert Attachment.objects.count() == 1
    assert sorted(p.name for p in (media / "nominations").rglob("*") if p.is_file()) == [
        attachment.file.name.rsplit("/", 1)[-1]
    ]  # the refused file was removed again
    with pytest.raises(ValidationError) as exc:
        services.attachment_remove(actor=None, attachment=attachment)
    assert exc.value.messages == [message]

    services.nomination_return(actor=None, nomination=nomination, reason="Bổ sung biên bản.")
    stored = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(actor=world.users["staff_a"], attachment=attachment)
    assert not Attachment.objects.exists()
    assert not default_storage.exists(stored)


def test_only_the_proposing_units_staff_add(world, media):
    nomination = f.eligible_draft(world)
    for username in ("staff_b", "viewer", "leader_a"):
        with pytest.raises(PermissionDenied):
            services.attachment_add(
                actor=world.users[username],
                nomination=nomination,
                kind=Attachment.Kind.REPORT,
                upload=f.upload("x.pdf", f.PDF_BYTES),
            )
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=None, nomination=nomination, kind="video", upload=f.upload("x.pdf", f.PDF_BYTES))
    assert exc.value.message_dict == {"kind": ["Loại tài liệu không hợp lệ."]}
    assert not Attachment.objects.exists()


# Through the portal -------------------------------------------------------------------------------------------


def _upload_url(nomination):
    return reverse("nomination_attachment_add", args=[nomination.pk])


def test_upload_through_the_page(client, world, media):
    nomination = f.eligible_draft(world)
    client.force_login(world.users["staff_a"])
    response = client.post(
        _upload_url(nomination), {"kind": "report", "file": f.upload("Báo cáo.docx", f.docx_bytes())}, follow=True
    )
    assert response.redirect_chain == [(reverse("nomination_detail", args=[nomination.pk]) + "#attachments", 302)]
    assert [str(m) for m in response.context["messages"]] == ["Đã tải lên tệp «Báo cáo.docx»."]
    assert nomination.attachments.get().original_name == "Báo cáo.docx"


def test_a_renamed_program_is_refused_on_the_page(client, world, media):
    nomination = f.eligible_draft(world)
    client.force_login(world.users["staff_a"])
    response = client.post(_upload_url(nomination), {"kind": "report", "file": f.upload("bao-cao.pdf", f.EXE_BYTES)})
    assert response.status_code == 400
    assert response.context["attachment_form"].errors == {
        "file": [
            "Tệp «bao-cao.pdf» là tệp chương trình (.exe), không phải tài liệu; không được phép tải lên. Chỉ nhận "
            "tệp PDF, ảnh PNG, JPEG hoặc văn bản Word (.docx)."
        ]
    }
    assert "là tệp chương trình (.exe)" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not list(media.rglob("*.*"))


def test_an_oversized_request_is_refused_from_its_length(client, world, media):
    nomination = f.eligible_draft(world)
    client.force_login(world.users["staff_a"])
    response = client.post(
        _upload_url(nomination),
        {"kind": "report", "file": f.upload("x.pdf", f.PDF_BYTES)},
        CONTENT_LENGTH=str(MAX_SIZE + 1024 * 1024),
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Tệp tải lên quá lớn (21,0\xa0MB): tối đa 20 MB mỗi tệp."]
    assert not Attachment.objects.exists()


def test_upload_still_checks_csrf(world, media):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["staff_a"])
    nomination = f.eligible_draft(world)
    response = client.post(_upload_url(nomination), {"kind": "report", "file": f.upload("x.pdf", f.PDF_BYTES)})
    assert response.status_code == 403
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(("username", "status"), [("staff_other", 404), ("staff_b", 404), ("viewer", 403)])
def test_upload_permissions(client, world, media, username, status):
    nomination = f.eligible_draft(world)
    client.force_login(world.users[username])
    response = client.post(_upload_url(nomination), {"kind": "report", "file": f.upload("x.pdf", f.PDF_BYTES)})
    assert response.status_code == status
    assert not Attachment.objects.exists()


@pytest.fixture
def stored(world, media):
    nomination = f.eligible_draft(world)
    return services.attachment_add(
        actor=None, nomination=nomination, kind=Attachment.Kind.REPORT, upload=f.upload("Báo cáo 2016.pdf", f.PDF_BYTES)
    )


@pytest.mark.parametrize("username", ["staff_a", "board", "viewer"])
def test_download_for_those_who_may_see_the_dossier(client, world, stored, username):
    client.force_login(world.users[username])
    response = client.get(reverse("nomination_attachment_download", args=[stored.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == f.PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o%202016.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("username", ["staff_other", "staff_b", "staff_cuc", "delegate_b"])
def test_download_is_404_for_other_units(client, world, stored, username):
    client.force_login(world.users[username])
    assert client.get(reverse("nomination_attachment_download", args=[stored.pk])).status_code == 404


def test_download_needs_login_and_storage_is_not_served(client, stored):
    response = client.get(reverse("nomination_attachment_download", args=[stored.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get("/media-not-public/" + stored.file.name).status_code == 404


def test_a_cluster_leader_downloads_what_came_to_the_cluster(client, world, media):
    f.free_rule("bk-bo-tt", through_cluster=True)
    nomination = f.nominate(proposing_unit=world.vu_b, unit=world.vu_b, code="bk-bo-tt")
    attachment = services.attachment_add(
        actor=None, nomination=nomination, kind=Attachment.Kind.REPORT, upload=f.upload("bc.pdf", f.PDF_BYTES)
    )
    leader = factories.user("leader_b_term", role="cluster_leader", unit_=world.vu_a)
    client.force_login(leader)
    url = reverse("nomination_attachment_download", args=[attachment.pk])
    assert client.get(url).status_code == 404  # a draft is the unit's own business
    services.nomination_submit(actor=None, nomination=nomination)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(("username", "status"), [("staff_other", 404), ("viewer", 403), ("board", 302)])
def test_remove_permissions(client, world, stored, username, status):
    client.force_login(world.users[username])
    response = client.post(reverse("nomination_attachment_remove", args=[stored.pk]))
    assert response.status_code == status
    assert Attachment.objects.filter(pk=stored.pk).exists() == (status != 302)
