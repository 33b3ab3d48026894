"""Test data for every registered record type: a factory for an existing record and valid form data.

This is all a new record type adds to the shared view suite (tests/views/test_generic_views.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from tests import factories as f


@dataclass
class RecordData:
    factory: type
    # Valid POST data for the add form; may create related records it refers to.
    form_data: Callable[[], dict]


def _enterprise() -> int:
    return f.EnterpriseFactory().pk


RECORD_DATA: dict[str, RecordData] = {
    "bureau.enterprise": RecordData(
        f.EnterpriseFactory,
        lambda: {
            "name": "XX新天地药业有限公司",
            "short_name": "新天地药业",
            "kind": "enterprise",
            "credit_code": f.credit_code(42),
        },
    ),
    "bureau.certification": RecordData(
        f.CertificationFactory,
        lambda: {
            "enterprise": _enterprise(),
            "kind": f.CertificationKindFactory().pk,
            "level": "provincial",
            "year": 2023,
            "granted_on": "2023-07-01",
            "valid_until": "2026-06-30",
            "reward": "10",
        },
    ),
    "bureau.industrystatistics": RecordData(
        f.IndustryStatisticsFactory,
        lambda: {
            "year": 2023,
            "period": "全年",
            "above_scale_enterprises": 57,
            "above_scale_high_tech": 6,
            "rd_active_enterprises": 6,
            "high_tech_value_added": "15880.4",
            "industrial_value_added": "179439",
        },
    ),
    "bureau.annualtarget": RecordData(
        f.AnnualTargetFactory,
        lambda: {
            "year": 2025,
            "indicator": f.TargetIndicatorFactory(name="专利授权量", measure="patents_granted").pk,
            "target_value": "50",
        },
    ),
    "bureau.bureauprofile": RecordData(
        f.BureauProfileFactory,
        lambda: {
            "province": "XX省",
            "city": "XX市",
            "county": "XX县",
            "name": "XX县科学技术局",
            "short_name": "XX县科技局",
        },
    ),
    "bureau.industry": RecordData(f.IndustryFactory, lambda: {"name": "新能源", "sort_order": 5, "is_active": "on"}),
    "bureau.formulation": RecordData(
        f.FormulationFactory,
        lambda: {
            "text": "“十二五”",
            "valid_from_year": 2011,
            "valid_to_year": 2015,
            "replacement": "",
            "is_active": "on",
        },
    ),
    "bureau.certificationkind": RecordData(
        f.CertificationKindFactory,
        lambda: {
            "name": "省级工程技术研究中心",
            "is_platform": "on",
            "income_tax_rate": 15,
            "rd_deduction_percent": 175,
            "sort_order": 5,
            "is_active": "on",
        },
    ),
    "bureau.targetindicator": RecordData(
        f.TargetIndicatorFactory,
        lambda: {"name": "人才入选数", "measure": "talents", "unit": "人", "sort_order": 5, "is_active": "on"},
    ),
    "projects.program": RecordData(
        f.ProgramFactory,
        lambda: {"name": "县级重点研发计划", "level": "county", "titled": "on", "sort_order": 5, "is_active": "on"},
    ),
    "projects.projectapplication": RecordData(
        f.ProjectApplicationFactory,
        lambda: {
            "year": 2023,
            "title": "裸花紫株颗粒二次开发及高新技术产业化",
            "program": f.ProgramFactory(name="市级科技协同创新重大专项", level="municipal").pk,
            "applicant": _enterprise(),
            "status": "applied",
            "applied_on": "2023-04-10",
            "funding_requested": "50",
        },
    ),
    "awards.awardnomination": RecordData(
        f.AwardNominationFactory,
        lambda: {
            "year": 2023,
            "title": "千目超微粉中兽药制剂研究与开发",
            "award": "科技进步奖",
            "level": "municipal",
            "applicant": _enterprise(),
            "status": "submitted",
            "submitted_on": "2023-05-01",
        },
    ),
    "awards.appraisal": RecordData(
        f.AppraisalFactory,
        lambda: {
            "year": 2023,
            "title": "洪涝灾害对水稻生产及病虫害影响和救灾关键技术集成研究应用",
            "level": "municipal",
            "conclusion": "domestic_advanced",
            "appraised_on": "2023-08-20",
        },
    ),
    "awards.talentselection": RecordData(
        f.TalentSelectionFactory,
        lambda: {
            "year": 2023,
            "person": "康兴东",
            "enterprise": _enterprise(),
            "program": f.TalentProgramFactory().pk,
            "level": "provincial",
            "selected_on": "2023-05-20",
            "province_selected": 12,
            "city_selected": 3,
        },
    ),
    "awards.commendation": RecordData(
        f.CommendationFactory,
        lambda: {"year": 2023, "title": "全县科技表彰大会", "held_on": "2023-04-09", "year_honoured": 2022},
    ),
    "awards.commendationitem": RecordData(
        f.CommendationItemFactory,
        lambda: {
            "commendation": f.CommendationFactory().pk,
            "category": "progress_award",
            "title": "县科技进步奖一等奖",
            "recipient": _enterprise(),
            "reward": "2",
        },
    ),
    "awards.talentprogram": RecordData(
        f.TalentProgramFactory,
        lambda: {"name": "市级青年人才", "level": "municipal", "sort_order": 5, "is_active": "on"},
    ),
    "patents.patent": RecordData(
        f.PatentFactory,
        lambda: {
            "application_number": "ZL " + f.patent_number(2023, 1, 4242),
            "title": "一种兽用注射液的制备方法",
            "kind": "invention",
            "applicant": _enterprise(),
            "filed_on": "2023-03-03",
            "status": "pending",
        },
    ),
    "outreach.scienceweek": RecordData(
        f.ScienceWeekFactory,
        lambda: {
            "year": 2022,
            "theme": "走进科技 你我同行",
            "principles": "贴近实际、贴近群众",
            "audiences": "农村和社区",
            "start_date": "2022-05-20",
            "end_date": "2022-05-27",
            "personnel": 280,
            "lectures": 15,
            "materials": 30000,
            "consultations": 9000,
            "display_boards": 80,
            "participants": 5000,
        },
    ),
    "outreach.outreachactivity": RecordData(
        f.OutreachActivityFactory,
        lambda: {
            "year": 2023,
            "title": "送科技下乡",
            "kind": f.OutreachKindFactory(name="送科技下乡").pk,
            "start_date": "2023-05-13",
            "place": "水边镇",
            "participants": 500,
            "students": 0,
            "towns_covered": 1,
            "schools_covered": 0,
        },
    ),
    "outreach.cooperationevent": RecordData(
        f.CooperationEventFactory,
        lambda: {
            "year": 2023,
            "title": "第十七届中国国际高新技术成果交易会",
            "kind": "fair",
            "start_date": "2023-11-16",
            "end_date": "2023-11-21",
            "participants": [_enterprise()],
            "industries": [f.IndustryFactory(name="生物医药").pk],
        },
    ),
    "outreach.partnership": RecordData(
        f.PartnershipFactory,
        lambda: {
            "year": 2023,
            "enterprise": _enterprise(),
            "partner": f.InstituteFactory(name="中南大学").pk,
            "content": "技术合作",
        },
    ),
    "outreach.assistancerecord": RecordData(
        f.AssistanceRecordFactory,
        lambda: {
            "year": 2023,
            "place": "桐林乡桐林村",
            "kind": "double_link",
            "funds": "1.5",
            "description": "结对帮扶困难党员和群众",
        },
    ),
    "outreach.assistancefigure": RecordData(
        f.AssistanceFigureFactory,
        lambda: {
            "record": f.AssistanceRecordFactory().pk,
            "name": "总产量",
            "value": "3.56",
            "unit": "万斤",
            "sort_order": 2,
        },
    ),
    "outreach.outreachkind": RecordData(
        f.OutreachKindFactory, lambda: {"name": "科技咨询服务", "sort_order": 5, "is_active": "on"}
    ),
}
