"""Whatever language the browser asks for, the app answers in Chinese (messages, dates)."""

import datetime

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_an_english_browser_gets_chinese_messages_and_dates(staff_client):
    f.PatentFactory(filed_on=datetime.date(2023, 6, 8))
    body = staff_client.get(reverse("patents:patent_list"), **ENGLISH).content.decode()
    assert "2023年6月8日" in body and "06/08/2023" not in body
    body = staff_client.post(reverse("patents:patent_add"), {}, **ENGLISH).content.decode()
    assert "这个字段是必填项。" in body and "This field is required." not in body
