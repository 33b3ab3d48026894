"""The side menu: every record type a role may read, each opening the page a user expects."""

import pytest
from django.urls import reverse

from bureau.models import BureauProfile

pytestmark = pytest.mark.django_db


def menu_links(response) -> dict[str, str]:
    return {
        str(entry["record_type"].verbose_name): entry["url"]
        for _, entries in response.context["menu"]
        for entry in entries
    }


def test_the_bureau_profile_entry_opens_the_record_itself(admin_client):
    profile = BureauProfile.current()
    links = menu_links(admin_client.get(reverse("home")))
    assert links["单位信息"] == profile.get_absolute_url()
    page = admin_client.get(links["单位信息"])
    assert page.status_code == 200
    assert profile.name in page.content.decode()


def test_other_entries_open_their_lists(staff_client):
    links = menu_links(staff_client.get(reverse("home")))
    assert links["专利"] == reverse("patents:patent_list")
    assert "单位信息" in links  # staff read the profile too
