"""Chinese labels for every enum value in the records: the one catalog the CLI, site and reports use."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

_Labels = Mapping[str, str]


def _freeze(**labels: str) -> _Labels:
    return MappingProxyType(labels)


ORG_KIND: _Labels = _freeze(
    provincial_committee="省（自治区、直辖市）委",
    municipal_committee="市（地、州、盟）委",
    county_committee="县（市、区、旗）委",
    township_committee="乡镇党委",
    subdistrict_committee="街道党工委",
    party_group="党组",
    party_committee="党委（按党组工作条例设立）",
    work_committee="党的工作委员会（党工委）",
    unit_party_org="单位党组织",
    discipline_commission="纪律检查机关",
    work_organ="党的工作机关",
    affiliated_institution="党委直属事业单位",
    grassroots_org="基层党组织",
)
# Short names for the "书记" of each committee kind, used in A7-SECRETARY-TALKS messages.
SECRETARY_OF: _Labels = _freeze(
    municipal_committee="市（地、州、盟）委",
    county_committee="县（市、区、旗）委",
    township_committee="乡镇党委",
    subdistrict_committee="街道党工委",
    work_committee="党工委",
)
UNIT: _Labels = _freeze(
    discipline="纪律检查机关",  # Art. 6/12: "纪律检查机关"; 纪委/纪检监察机关 are names of particular bodies
    organization="组织（人事）部门",
    propaganda="宣传部门",
    inspection="巡视巡察机构",
    audit="审计机关",
    office="办公厅（室）",
    other="其他相关单位",
)
ROLE: _Labels = _freeze(secretary="书记", deputy_secretary="副书记", standing_member="常委", member="成员")
# A member's title depends on the body: a Party group has 党组成员, not 常委; a committee without a standing committee
# (乡镇党委, a 党委 set up under the Party-group rules) has 委员; a 党工委 has 党工委委员.
_MEMBER_OF_KIND: Mapping[str, str] = MappingProxyType({
    "party_group": "党组成员",
    "party_committee": "党委委员",
    "township_committee": "党委委员",
    "subdistrict_committee": "党工委委员",
    "work_committee": "党工委委员",
})
BASIS: _Labels = _freeze(
    inspection="巡视巡察",
    discipline_review="纪律审查",
    audit="审计监督",
    special_supervision="专项督查",
    cadre_assessment="干部考核",
)
TALK_KIND: _Labels = _freeze(periodic="定期谈话", timely="及时谈话")
# Art. 2 para. 3: "党组织采取谈话方式处置问题线索或者开展任职谈话、诫勉谈话，按照有关规定办理"
OUT_OF_SCOPE_KIND: _Labels = _freeze(
    inquiry="采取谈话方式处置问题线索", appointment="任职谈话", admonishment="诫勉谈话"
)
TRIGGER: _Labels = _freeze(  # Art. 5 para. 3, items (一)-(六), with the article's own qualifiers
    petitions="（一）信访举报反映其所在党组织管党治党方面的问题较多或者较为突出",
    criticized="（二）其所在党组织因履责不力或者作风不正被上级党组织通报批评，或者引发负面舆情、造成不良影响",
    inspection_findings="（三）其所在党组织在落实全面从严治党主体责任检查、考核中，被发现存在的问题较多或者较为突出",
    major_case="（四）其所在党组织管辖范围内发生重大违纪违法案件、严重“四风”问题，暴露出的问题具有典型性、代表性，"
                "需要引起重视并加以整改",
    personal_tendency="（五）其本人在政治、思想、工作、生活、作风、纪律等方面存在苗头性、倾向性问题",
    other="（六）其他需要开展及时谈话的情形",
)
CONFIDENTIAL_BADGE = "保密"  # Art. 16 speaks of 保密; 机密 is a state-secret grade and must not be claimed
STEP: _Labels = _freeze(
    self_report="被谈话人报告自查情况",
    feedback="谈话人通报有关情况、严肃指出问题",
    explanation="被谈话人就有关问题作说明",
    requirements="谈话人提出整改要求",
    commitment="被谈话人作表态发言",
)
STEP_ORDER: tuple[str, ...] = tuple(STEP)
AREA: _Labels = _freeze(first_responsibility="履行第一责任人职责", self_discipline="严格自律", other="其他")
PROGRESS: _Labels = _freeze(done="已完成", in_progress="推进中", not_started="未启动")
VERIFICATION: _Labels = _freeze(effective="整改到位", perfunctory="敷衍整改", false="虚假整改")
RECORD_STATUS: _Labels = _freeze(draft="草稿", final="已定稿")
SEVERITY: _Labels = _freeze(error="错误", warning="警告", info="提示")
DEADLINE_STATE: _Labels = _freeze(
    on_time="按期提交",
    late="逾期提交",
    due_soon="即将到期",
    pending="未到期",
    overdue="已逾期未提交",
    not_applicable="不适用",
)
COVERAGE_STATE: _Labels = _freeze(
    covered="已覆盖",
    leader_changed="已覆盖（新任“一把手”尚未谈话）",
    planned="已列入计划",
    at_risk="有未覆盖风险",
    uncovered="未覆盖",
    pending="待安排",
    not_applicable="不适用",
)
# A periodic talk that breaks a rule of Art. 2/5/7 (generator.measures.counting): shown in the matrix, never as covered.
VOID_TALK = "谈话不计入覆盖"
# After a term end that is not recorded but worked out (generator.measures.coverage.Window.estimate_note).
TERM_ESTIMATED = "（未登记届满日期，按{years}年推算）"
TERM_ASSUMED = "（未登记该届任期，按第{previous}届届满次日起{years}年推算）"
# The deadline calendar (generator.measures.agenda): what falls due on a day, and what has to be done by then.
DUE_KIND: _Labels = _freeze(
    measures="整改措施",
    reflection="思想认识报告",
    status="整改情况报告",
    plan_item="计划谈话",
    plan_missing="年度计划",
    term_end="任期届满",
)
DUE_WHAT: _Labels = _freeze(
    measures="被谈话人向{body}提交整改措施（谈话后1个月内）",
    reflection="被谈话人向{body}报告思想认识（谈话后1个月内，与整改措施一并报告）",
    status="被谈话人向{body}报告整改情况（谈话后3个月内）",
    plan_item="按年度计划与{org}“一把手”开展定期谈话",
    plan_missing="制定{body}{year}年度定期谈话计划；{after}后仍未制定的，次日起列为问题",
    term_end="{term}届满，届满前完成对下一级党组织“一把手”定期谈话全覆盖",
)
RECORD_TYPE: _Labels = _freeze(
    org="组织", person="人员", plan="年度计划", talk="谈话", rectification="整改", settings="设置"
)


def role_label(role: str | None, body_kind: str | None) -> str:
    """The title of a leadership-team ``role`` in a body of ``body_kind``: 党组成员 in a Party group, not 常委."""
    member = _MEMBER_OF_KIND.get(body_kind or "")
    if role in ("standing_member", "member") and member is not None:
        return member
    return label(ROLE, role)


def label(catalog: _Labels, value: str | None) -> str:
    """The Chinese label of ``value``, or the value itself when the catalog does not know it."""
    if value is None:
        return ""
    return catalog.get(value, value)

# What each policy setting of records/settings.yaml means (docs/record-fields.md), as office pages name it.
SETTING: _Labels = _freeze(
    repository_name="仓库名称（站点标题）",
    sample_data="是否为示例数据",
    bodies="本仓库记录其监督谈话工作的党委（党组）",
    plan_missing_after="年度计划最迟制定日期（每年）",
    coverage_risk_months="届满前多久仍未谈话、也无计划安排即提示覆盖有风险",
    term_years="未登记届满日期时，一届任期按几年推算",
    leader_change_counts_as="谈话后“一把手”更换时，本届覆盖如何计算",
    distribution_required="定稿谈话必须抄送的单位",
    deadline_rollover="整改期限最后一天逢周末或法定节假日是否顺延",
    work_committee_secretary_talk="新区等党工委书记的定期谈话是否也须由上一级党委书记作为谈话人",
    due_soon_days="看板上提前多少天提示“即将到期”",
    hook_blocks_deadlines="提交记录时，随时间出现的问题（期限已过等）是否阻止提交",
)
LEADER_CHANGE: _Labels = _freeze(covered="仍算已覆盖（另作提示）", uncovered="算未覆盖，须与新任“一把手”谈话")
# The same choice as a sentence of the coverage page's note (what an office reads, not the setting's key and value).
LEADER_CHANGE_RULE: _Labels = _freeze(
    covered="“一把手”调整前已谈话的，视为已覆盖（另作提示，宜与新任“一把手”谈话）",
    uncovered="“一把手”调整前已谈话的，不视为已覆盖，须与新任“一把手”谈话",
)
