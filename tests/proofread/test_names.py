"""Check 5: names against the ledger, from the names providers the apps register."""

import pytest

from bureau.proofread import proofread
from bureau.proofread.names import ledger_names
from tests import factories as f

LEDGER = ["XX普正制药股份有限公司", "普正制药", "国家创新人才推进计划", "裸花紫珠颗粒二次开发关键技术研究"]


def near_names(text: str, names=LEDGER) -> list[tuple[str, str | None]]:
    return [(f.text, f.suggestion) for f in proofread(text, names=names) if f.check == "name"]


def test_a_unit_close_to_a_ledger_name_is_flagged_with_the_ledger_name():
    assert near_names("组织普正药业参加对接会。") == [("普正药业", "普正制药")]
    assert near_names("XX普正制药有限公司获批省级高新技术企业。") == [("XX普正制药有限公司", "XX普正制药股份有限公司")]


def test_a_title_close_to_a_ledger_title():
    assert near_names("申报《裸花紫株颗粒二次开发关键技术研究》。") == [
        ("裸花紫株颗粒二次开发关键技术研究", "裸花紫珠颗粒二次开发关键技术研究")
    ]


def test_exact_ledger_names_are_never_flagged_whatever_they_contain():
    names = [*LEDGER, "创新创新科技有限公司", "省级开展方案中心"]
    text = "组织普正制药、创新创新科技有限公司和省级开展方案中心参加，XX普正制药股份有限公司获批。"
    assert proofread(text, names=names) == []


def test_names_far_from_every_ledger_name_are_left():
    assert near_names("与中南大学、中山大学开展合作，新天地药业参加。") == []


@pytest.mark.django_db
def test_names_come_from_the_providers_the_apps_register():
    f.EnterpriseFactory(name="XX新天地药业有限公司", short_name="新天地药业")
    f.ProgramFactory(name="省星火计划")
    f.TalentProgramFactory(name="国家创新人才推进计划")
    names = ledger_names()
    assert {"XX新天地药业有限公司", "新天地药业", "省星火计划", "国家创新人才推进计划"} <= set(names)
    (finding,) = [x for x in proofread("组织新天地制药参加。") if x.check == "name"]
    assert finding.suggestion == "新天地药业"


def test_a_shortening_of_a_ledger_name_is_not_a_misspelling():
    names = ["XX新天地药业有限公司", "新天地药业"]
    assert near_names("组织XX新天地药业参加交易会，新天地药业有限公司参加。", names=names) == []
