"""Detail pages list related records: every child record type appears on its parent's page."""

import pytest

from bureau.registry import registry
from tests.factories import (
    AppraisalFactory,
    AwardNominationFactory,
    CertificationFactory,
    CommendationItemFactory,
    CooperationEventFactory,
    EnterpriseFactory,
    PartnershipFactory,
    PatentFactory,
    ProjectApplicationFactory,
    TalentSelectionFactory,
)


def child_accessors(record_type) -> list[str]:
    """Reverse relations from registered record types (history tables and `related_name="+"` have none)."""
    return [
        relation.get_accessor_name()
        for relation in record_type.model._meta.related_objects
        if registry.get(relation.related_model) is not None and relation.get_accessor_name()
    ]


@pytest.mark.parametrize("record_type", list(registry), ids=lambda rt: rt.model.__name__)
def test_every_child_record_type_is_listed_on_its_parents_page(record_type):
    listed = {related.accessor for related in record_type.related_lists}
    missing = [name for name in child_accessors(record_type) if name not in listed]
    assert not missing, f"{record_type.model.__name__}.related lacks {missing}"


@pytest.mark.django_db
def test_enterprise_page_lists_everything_about_the_unit(staff_client):
    enterprise = EnterpriseFactory(name="XX普正制药有限公司")
    CertificationFactory(enterprise=enterprise, kind__name="省级高新技术企业")
    ProjectApplicationFactory(applicant=enterprise, title="裸花紫株颗粒二次开发及高新技术产业化")
    PatentFactory(applicant=enterprise, title="一种裸花紫株颗粒的制备方法")
    AwardNominationFactory(applicant=enterprise, title="裸花紫株颗粒质量标准提升")
    AppraisalFactory(applicant=enterprise, title="裸花紫株新剂型研究")
    TalentSelectionFactory(enterprise=enterprise, person="李明")
    PartnershipFactory(enterprise=enterprise, partner__name="江西中医药大学")
    event = CooperationEventFactory(title="第十七届中国国际高新技术成果交易会")
    event.participants.add(enterprise)
    CommendationItemFactory(recipient=enterprise, title="县科技进步奖一等奖")
    # Someone else's records must not show up.
    ProjectApplicationFactory(title="别家的项目")

    page = staff_client.get(enterprise.get_absolute_url()).content.decode()
    for section in (
        "certification",
        "projectapplication",
        "patent",
        "awardnomination",
        "appraisal",
        "talentselection",
        "partnership",
        "cooperationevent",
        "commendationitem",
    ):
        assert f'id="related-{section}"' in page, section
    for text in (
        "省级高新技术企业",
        "裸花紫株颗粒二次开发及高新技术产业化",
        "一种裸花紫株颗粒的制备方法",
        "裸花紫株颗粒质量标准提升",
        "裸花紫株新剂型研究",
        "李明",
        "江西中医药大学",
        "第十七届中国国际高新技术成果交易会",
        "县科技进步奖一等奖",
    ):
        assert text in page, text
    assert "别家的项目" not in page


@pytest.mark.django_db
def test_partner_institution_page_lists_the_partnership_as_partner(staff_client):
    partnership = PartnershipFactory(partner__name="南昌大学")
    page = staff_client.get(partnership.partner.get_absolute_url()).content.decode()
    assert "产学研合作（作为合作方）" in page
    assert partnership.enterprise.name in page
