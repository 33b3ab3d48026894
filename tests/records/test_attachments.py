"""Attachments: accepted by real content only, size-limited, served only through views with the record's permissions."""

from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from bureau import services as record_services
from bureau.attachments import services
from bureau.attachments.selectors import attachment_list
from bureau.models import Attachment
from tests.factories import EnterpriseFactory, PatentFactory, ProjectApplicationFactory

from .files import EXE_BYTES, PDF_BYTES, docx_bytes, image_bytes, ofd_bytes, upload, xlsx_bytes, zip_bytes

pytestmark = pytest.mark.django_db


def upload_url(record, action="upload", attachment=None):
    meta = record._meta
    args = [record.pk] if attachment is None else [record.pk, attachment.pk]
    return reverse(f"{meta.app_label}:{meta.model_name}_attachment_{action}", args=args)


def attach(record, name="立项批复.pdf", data=PDF_BYTES, user=None):
    return services.attachment_upload(record=record, file=upload(name, data), user=user)


# --- content sniffing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "mime_type", "extension"),
    [
        (PDF_BYTES, "application/pdf", "pdf"),
        (image_bytes("JPEG"), "image/jpeg", "jpg"),
        (image_bytes("PNG"), "image/png", "png"),
        (ofd_bytes(), "application/ofd", "ofd"),
        (docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        (xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ],
    ids=["pdf", "jpg", "png", "ofd", "docx", "xlsx"],
)
def test_each_allowed_kind_is_recognised_by_content_not_name(data, mime_type, extension):
    record = EnterpriseFactory()
    # A meaningless name: the type comes from the bytes, and the sent name gets the real extension.
    attachment = attach(record, name="扫描件.bin", data=data)
    assert attachment.mime_type == mime_type
    assert attachment.original_name == f"扫描件.{extension}"
    assert attachment.size == len(data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("营业执照.pdf", EXE_BYTES),
        ("说明.docx", "这是一段纯文本".encode()),
        ("压缩包.xlsx", zip_bytes({"readme.txt": b"hello"})),
        ("半个文档.docx", zip_bytes({"word/document.xml": b"<w/>"})),
        ("网页.pdf", b"<html><script>alert(1)</script></html>"),
        ("坏压缩包.ofd", b"PK\x03\x04 not really a zip"),
    ],
    ids=["exe-as-pdf", "text-as-docx", "zip-as-xlsx", "docx-without-content-types", "html-as-pdf", "broken-zip"],
)
def test_other_content_is_refused_whatever_its_name(name, data):
    record = EnterpriseFactory()
    with pytest.raises(ValidationError) as raised:
        attach(record, name=name, data=data)
    assert "不支持的文件类型" in raised.value.messages[0]
    assert not Attachment.objects.exists()


def test_oversize_and_empty_files_are_refused(settings):
    settings.LEDGER_UPLOAD_MAX_BYTES = 1024
    record = EnterpriseFactory()
    with pytest.raises(ValidationError) as raised:
        attach(record, data=PDF_BYTES + b"0" * 1024)
    assert "文件过大" in raised.value.messages[0]
    assert "不能超过1.0\xa0KB" in raised.value.messages[0]
    with pytest.raises(ValidationError, match="文件为空"):
        attach(record, data=b"")
    attach(record, data=PDF_BYTES)  # under the limit: accepted
    assert Attachment.objects.count() == 1


def test_stored_under_media_root_with_our_random_name_not_the_users():
    record = EnterpriseFactory()
    first = attach(record, name="../../static/批复.pdf")
    second = attach(record, name="../../static/批复.pdf")
    path = Path(first.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert path.name == first.token and len(first.token) == 32
    assert "批复" not in first.file.name and ".." not in first.file.name
    assert first.token != second.token
    assert path.read_bytes() == PDF_BYTES


def test_user_file_name_is_sanitised():
    record = EnterpriseFactory()
    assert attach(record, name='C:\\扫描\\立项"批复";<x>.pdf').original_name == "立项_批复___x.pdf"
    assert attach(record, name="\x00\r\n.pdf").original_name == "附件.pdf"


# --- views -----------------------------------------------------------------------------------


def test_clerk_uploads_on_the_detail_page_and_downloads_it(staff_client):
    record = ProjectApplicationFactory()
    detail = staff_client.get(record.get_absolute_url())
    assert 'id="attachment-upload"' in detail.content.decode()

    response = staff_client.post(
        upload_url(record), {"file": upload("立项批复.pdf", PDF_BYTES), "description": "市科技局批复"}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.record == record
    assert attachment.uploaded_by.username == "staff"

    page = staff_client.get(record.get_absolute_url()).content.decode()
    assert "立项批复.pdf" in page and "市科技局批复" in page

    download = staff_client.get(upload_url(record, "download", attachment))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    # RFC 5987 for the Chinese name, and always as a download, never inline.
    assert download["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('立项批复.pdf')}"


def test_refused_upload_says_why_on_the_page(staff_client):
    record = EnterpriseFactory()
    response = staff_client.post(upload_url(record), {"file": upload("营业执照.pdf", EXE_BYTES)}, follow=True)
    assert "上传失败（营业执照.pdf）：不支持的文件类型" in response.content.decode()
    assert not Attachment.objects.exists()


def test_leader_downloads_but_cannot_upload_or_delete(leader_client):
    record = EnterpriseFactory()
    attachment = attach(record)
    page = leader_client.get(record.get_absolute_url()).content.decode()
    assert "立项批复.pdf" in page
    assert 'id="attachment-upload"' not in page and upload_url(record, "delete", attachment) not in page

    assert leader_client.get(upload_url(record, "download", attachment)).status_code == 200
    assert leader_client.post(upload_url(record), {"file": upload("a.pdf", PDF_BYTES)}).status_code == 403
    assert leader_client.post(upload_url(record, "delete", attachment)).status_code == 403
    assert Attachment.objects.filter(is_deleted=False).count() == 1


def test_anonymous_is_sent_to_login(client):
    record = EnterpriseFactory()
    attachment = attach(record)
    for response in (
        client.get(upload_url(record, "download", attachment)),
        client.post(upload_url(record), {"file": upload("a.pdf", PDF_BYTES)}),
        client.post(upload_url(record, "delete", attachment)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert Attachment.objects.filter(is_deleted=False).count() == 1


def test_guessed_ids_find_nothing(staff_client, django_user_model, client):
    enterprise = EnterpriseFactory()
    attachment = attach(enterprise)
    patent = PatentFactory()
    other_enterprise = EnterpriseFactory()
    # The same attachment id under another record type or another record: not found.
    for record in (patent, other_enterprise):
        url = upload_url(record, "download", attachment)
        assert staff_client.get(url).status_code == 404
        assert staff_client.post(upload_url(record, "delete", attachment)).status_code == 404
    # A logged-in user without the view permission of the record type: refused.
    nobody = django_user_model.objects.create_user(username="nobody", password="x")
    client.force_login(nobody)
    assert client.get(upload_url(enterprise, "download", attachment)).status_code == 403
    assert client.get(enterprise.get_absolute_url()).status_code == 403


def test_permission_follows_the_record_type_of_the_attachment(django_user_model, client):
    """A user who may view patents but not units cannot reach a unit's attachment through any URL."""
    from django.contrib.auth.models import Permission

    patent_viewer = django_user_model.objects.create_user(username="patents-only", password="x")
    patent_viewer.user_permissions.add(Permission.objects.get(codename="view_patent"))
    client.force_login(patent_viewer)
    enterprise = EnterpriseFactory()
    patent = PatentFactory(applicant=enterprise)
    unit_file = attach(enterprise, name="营业执照.pdf")
    patent_file = attach(patent, name="专利证书.pdf")
    assert client.get(upload_url(patent, "download", patent_file)).status_code == 200
    assert client.get(upload_url(enterprise, "download", unit_file)).status_code == 403
    # Through the patent's URL, with the unit's attachment id: still nothing.
    assert (
        client.get(reverse("patents:patent_attachment_download", args=[enterprise.pk, unit_file.pk])).status_code == 404
    )
    assert client.get(reverse("patents:patent_attachment_download", args=[patent.pk, unit_file.pk])).status_code == 404


def test_delete_hides_the_attachment_but_keeps_the_file(staff_client):
    record = EnterpriseFactory()
    attachment = attach(record)
    response = staff_client.post(upload_url(record, "delete", attachment))
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.is_deleted
    assert Path(attachment.file.path).exists()
    assert staff_client.get(upload_url(record, "download", attachment)).status_code == 404
    assert "立项批复.pdf" not in staff_client.get(record.get_absolute_url()).content.decode()
    assert attachment.history.count() == 2


def test_deleting_a_record_keeps_its_attachments_for_a_restore(staff_user, staff_client):
    project = ProjectApplicationFactory()
    attachment = attach(project, user=staff_user)
    pk = project.pk
    record_services.record_delete(instance=project, user=staff_user)

    assert Attachment.objects.filter(pk=attachment.pk, is_deleted=False).exists()
    assert Path(attachment.file.path).exists()
    assert attachment_list(model=type(project), object_id=pk).count() == 1
    # Still downloadable for those who may read the record's history.
    download = reverse("projects:projectapplication_attachment_download", args=[pk, attachment.pk])
    assert staff_client.get(download).status_code == 200

    # Restoring the record from its history brings the attachments back on its page.
    type(project).history.filter(id=pk).order_by("-history_date").first().instance.save()
    page = staff_client.get(reverse("projects:projectapplication_detail", args=[pk])).content.decode()
    assert "立项批复.pdf" in page
    assert Attachment.objects.get(pk=attachment.pk).content_type == ContentType.objects.get_for_model(project)


def test_every_record_type_has_the_attachment_urls():
    from bureau.registry import registry

    for record_type in registry:
        for action in ("upload", "download", "delete"):
            args = [1] if action == "upload" else [1, 1]
            assert reverse(record_type.url_name(f"attachment_{action}"), args=args)
