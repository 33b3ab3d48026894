"""Request bodies over the upload limit are refused by their declared length, before anything reads them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bureau.limits import request_max_bytes

pytestmark = pytest.mark.django_db


class UnreadableBody:
    """A body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post_declaring(client, path: str, length: int):
    return client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
    )


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_body_over_the_limit_is_refused_unread_with_a_chinese_413(staff_client, signed_in):
    client = staff_client if signed_in else Client()
    for path in (reverse("login"), reverse("patents:patent_import")):
        response = post_declaring(client, path, 1024**3)
        assert response.status_code == 413
        page = response.content.decode()
        assert "上传内容过大" in page and "1024.0 MB" in page and "20 MB" in page


def test_a_body_within_the_limit_reaches_the_view(staff_client, settings):
    settings.LEDGER_UPLOAD_MAX_BYTES = 2048
    file = SimpleUploadedFile("专利.xlsx", b"x" * 4096, content_type="application/octet-stream")
    # Over the upload limit, under limit + multipart room: the view's own check answers, in the form.
    response = staff_client.post(reverse("patents:patent_import"), {"file": file})
    assert response.status_code == 200 and "文件过大" in response.content.decode()
    assert request_max_bytes() == 2048 + 1024 * 1024


def test_an_invalid_content_length_is_a_400(staff_client):
    response = staff_client.generic("POST", reverse("patents:patent_import"), b"", CONTENT_LENGTH="-5")
    assert response.status_code == 400


def test_form_data_over_its_own_limit_is_a_chinese_400(staff_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = staff_client.post(reverse("patents:patent_import"), {"note": "长" * 2000})
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()
