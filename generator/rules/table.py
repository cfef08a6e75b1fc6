"""The one table of rule ids, articles, severities and Chinese messages.

Every finding the tool reports is built from an entry here (see :func:`generator.findings.finding.make`), so a rule's
wording lives in one place and ``grep RULE-ID`` finds both this entry and the function that checks it.
Messages and hints are ``str.format`` templates; the checking code passes the parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from generator.rules import office_words


@dataclass(frozen=True)
class Text:
    """What a finding says in one variant of a rule."""

    severity: str  # error | warning | info
    message: str
    hint: str = ""
    timed: bool = False  # raised by the passing of time (a deadline passed, a term nearly over), not by an edit
    action: str = ""  # what the office does about it, in plain words (no field names); see rules.office_words
    # The sentence in report prose where the message names record or item ids or field names (the annual report;
    # see generator.findings.finding.prose_text); "" when the message itself reads as prose.
    report: str = ""


@dataclass(frozen=True)
class Rule:
    """One rule: its id, source article, what it requires, and how its findings read."""

    id: str
    article: str  # e.g. "第十一条第一款"; "" for input-format rules
    group: str  # input | schema | reference | measures | audit
    requirement: str
    variants: Mapping[str, Text] = field(default_factory=dict)
    policies: tuple[str, ...] = ()
    feature: str = ""  # for rules that are met by a page or report rather than a finding
    short: str = ""  # the rule's Chinese short name, as office pages name it; see rules.office_words

    @property
    def severities(self) -> tuple[str, ...]:
        """The severities its findings can have, most severe first."""
        order = ("error", "warning", "info")
        return tuple(s for s in order if any(v.severity == s for v in self.variants.values()))


def _rule(
    rule_id: str,
    article: str,
    group: str,
    requirement: str,
    variants: dict[str, Text] | Text | None = None,
    *,
    policies: tuple[str, ...] = (),
    feature: str = "",
) -> Rule:
    if isinstance(variants, Text):
        variants = {"default": variants}
    return Rule(rule_id, article, group, requirement, MappingProxyType(variants or {}), policies, feature)


_E, _W, _I = "error", "warning", "info"
_QUOTE_HINT = "日期和看起来像数字、是非的文字都要加引号，例如 {quoted}"

_ALL: tuple[Rule, ...] = (
    # --- input: files and YAML -------------------------------------------------------------
    _rule("FILE-ENCODING", "", "input", "记录文件必须是 UTF-8 编码的文本", {
        "default": Text(_E, "文件不是 UTF-8 编码（该行有无法识别的字节，可能是 GBK 编码）",
                        "请用 UTF-8 编码另存该文件（编辑器“另存为”时选择 UTF-8）"),
        "utf16": Text(_E, "文件是 UTF-16 编码", "请用 UTF-8 编码另存该文件（编辑器“另存为”时选择 UTF-8）"),
        "binary": Text(_E, "文件含有空字节（NUL），不是文本文件",
                       "records/ 下的 .yaml 文件只能是记录；扫描件等请放到 records/files/ 并在记录中引用"),
        "unreadable": Text(_E, "文件无法读取：{detail}", "records/ 下的 .yaml 文件只能是可读的普通文本文件；检查文件权限"),
    }),
    _rule("FILE-TOO-LARGE", "", "input", "单个记录文件不超过大小上限",
          Text(_E, "文件大小 {size} 字节，超过上限 {limit} 字节", "一个文件只写一条记录；附件放到 records/files/ 并在记录中引用")),
    _rule("FILE-EMPTY", "", "input", "记录文件不能为空",
          Text(_E, "文件是空的", "按模板填写记录（可用 talkdocs new 生成），或删除该文件")),
    _rule("FILE-NOT-MAPPING", "", "input", "一个文件是一条记录，顶层是“字段: 值”",
          Text(_E, "文件顶层不是“字段: 值”的记录（读到的是{found}）", "顶层每行写成“字段名: 值”，例如 id: shanhai-2026-001")),
    _rule("FILE-NAME", "", "input", "文件名与记录的 id 一致", {
        "default": Text(_E, "文件名“{name}”与记录 id“{id}”不一致", "把文件改名为 {expected}，或把 id 改为 {name}"),
        "reserved": Text(_E, "名称“{name}”是 Windows 的保留设备名，该文件在 Windows 上无法检出",
                         "记录 id 和文件夹名不能用 con、prn、aux、nul、com0–com9、lpt0–lpt9（不论大小写和扩展名）；请换一个 id 并同时改文件名"),
        "invalid": Text(_E, "名称“{name}”含有不允许的字符（< > : \" | ? * \\、控制字符、非 UTF-8 字节，或以点、空格结尾）",
                        "文件名与记录 id 相同，只用小写英文字母、数字和连字符，以 .yaml 结尾，例如 {expected}"),
    }),
    _rule("FILE-LOCATION", "", "input", "记录放在约定的文件夹中", {
        "default": Text(_E, "“{name}”不在约定的记录文件夹中",
                        "记录应放在 orgs/、people/、plans/<党委id>/<年份>.yaml、talks/<年份>/、rectifications/ 之下"),
        "extension": Text(_E, "记录文件扩展名应为 .yaml", "把文件改名为 {expected}"),
    }),
    _rule("FILE-SYMLINK", "", "input", "记录文件夹中不使用符号链接",
          Text(_E, "“{name}”是符号链接，未读取", "把实际文件放进 records/，不要用链接指向仓库以外的位置")),
    _rule("YAML-SYNTAX", "", "input", "YAML 语法正确",
          Text(_E, "YAML 语法错误", "{hint}")),
    _rule("YAML-DUPLICATE-KEY", "", "input", "同一层不能有重复的字段",
          Text(_E, "字段“{key}”重复（第 {first_line} 行已出现），后写的值会覆盖前面的值", "删除或合并重复的字段")),
    _rule("YAML-ALIAS", "", "input", "不使用锚点和别名",
          Text(_E, "使用了 YAML 锚点/别名（& 或 *）", "不要使用锚点和别名；请把内容直接写出来")),
    _rule("YAML-TAG", "", "input", "不使用 YAML 标签",
          Text(_E, "使用了 YAML 标签 {tag}", "删除以 ! 开头的标签，直接写值；需要文字时用引号括起来")),
    _rule("YAML-IMPLICIT-TYPE", "", "input", "日期和易被误读的值加引号",
          Text(_E, "值 {value} 没有加引号，会被当成日期、是非或数字，而不是原样的文字", _QUOTE_HINT)),
    _rule("YAML-TOO-DEEP", "", "input", "嵌套层数有上限",
          Text(_E, "嵌套超过 {limit} 层", "记录的结构不需要这么多层；请按模板改写")),
    _rule("YAML-MULTI-DOC", "", "input", "一个文件只写一条记录",
          Text(_E, "文件中有多个 YAML 文档（---）", "一个文件只写一条记录；把其余记录分别存为单独的文件")),
    _rule("YAML-KEY-TYPE", "", "input", "字段名是文字",
          Text(_E, "字段名必须是文字（读到的是 {key}）", "字段名按模板填写，例如 date、talker")),
    # --- schema ---------------------------------------------------------------------------
    _rule("SCHEMA-REQUIRED", "", "schema", "必填字段齐全",
          Text(_E, "缺少必填字段“{field}”（{title}）", "在{where}补上 {field}: …")),
    _rule("SCHEMA-UNKNOWN-FIELD", "", "schema", "不写模板以外的字段（防止拼写错误被忽略）",
          Text(_E, "未知字段“{field}”", "检查拼写；{where}可用的字段有：{allowed}")),
    _rule("SCHEMA-ENUM", "", "schema", "取值在允许的范围内",
          Text(_E, "“{field}”的值 {value} 不在允许的取值中", "可选值：{allowed}")),
    _rule("SCHEMA-TYPE", "", "schema", "值的类型正确",
          Text(_E, "“{field}”应为{expected}，实际写的是{actual}", "{hint}")),
    _rule("SCHEMA-FORMAT", "", "schema", "日期、编号等格式正确",
          Text(_E, "“{field}”的值 {value} 格式不对：{title}", "{hint}")),
    _rule("SCHEMA-CONTROL-CHAR", "", "schema", "文字中不含控制字符和双向文字控制符",
          Text(_E, "“{field}”含有不可见的控制字符 {chars}，会扰乱终端、CI 日志或网页上的显示",
               "删除这些字符（多从别处复制粘贴而来）；需要分行时用 YAML 的多行写法（| 或 >）")),
    _rule("SCHEMA-INVALID", "", "schema", "记录符合记录格式",
          Text(_E, "“{field}”不符合记录格式：{detail}", "对照模板（talkdocs new）或编辑器的字段提示修改")),
    # --- references -----------------------------------------------------------------------
    _rule("REF-DUPLICATE-ID", "", "reference", "id 唯一",
          Text(_E, "id“{id}”重复（也用于 {other}）", "每条记录的 id 必须唯一；请为其中一条换一个 id 并同时改文件名")),
    _rule("REF-DANGLING", "", "reference", "引用的记录存在",
          Text(_E, "引用的{what}“{ref}”不存在", "{hint}")),
    _rule("SETTINGS-UNKNOWN-BODY", "", "reference", "settings.yaml 的 bodies 只列本仓库中有记录的组织",
          Text(_E, "bodies 中的“{body}”没有对应的组织记录（records/orgs/{body}.yaml）",
               "改正编号，或先建立该组织的记录（talkdocs new org）；不写 bodies 则为所有有下级组织的组织")),
    _rule("REF-CYCLE", "", "reference", "组织的上级（批准设立机关）关系不能形成循环",
          Text(_E, "{what}关系形成循环：{cycle}", "改正其中一个组织的 {field}：上级组织（批准设立机关）不能是自身或自己的下级")),
    _rule("REF-DUPLICATE-ITEM", "", "reference", "同一记录内条目编号唯一",
          Text(_E, "{what}编号“{ref}”重复", "同一记录内每个条目的 id 必须不同")),
    _rule("REF-PLAN-PATH", "", "reference", "计划文件所在路径与计划内容一致",
          Text(_E, "计划中写的{field}是“{value}”，但文件路径表示“{expected}”", "计划应存为 plans/<党委id>/<年份>.yaml，并与 committee、year 一致")),
    _rule("REF-PLAN-ITEM", "", "reference", "定期谈话对应当年计划中的条目", {
        "missing": Text(_E, "定期谈话未写明对应的计划条目（plan_item）",
                        "在 {committee} 的 {year} 年度计划中找到对应条目，写 plan_item: <条目id>"),
        "unknown": Text(_E, "{committee} 的 {year} 年度计划中没有条目“{item}”",
                        "可用的条目：{allowed}"),
        "no_plan": Text(_E, "{committee} 没有 {year} 年度计划，无法对应计划条目“{item}”",
                        "先在 records/plans/{committee}/{year}.yaml 中制定计划"),
        "mismatch": Text(_E, "计划条目 {item} 安排的是 {planned_org}，但本次谈话对象单位是 {org}",
                         "核对 plan_item 或 interviewee_org"),
        "timely": Text(_E, "及时谈话不对应年度计划，不应填写 plan_item", "删除 plan_item，或把 kind 改为 periodic"),
    }),
    _rule("REF-TALK-YEAR", "", "reference", "谈话文件放在谈话年份的文件夹",
          Text(_E, "谈话日期是 {date}，但文件放在 talks/{folder}/", "把文件移到 talks/{year}/")),
    _rule("REF-FILE-PATH", "", "reference", "引用的文件位于记录仓库之内",
          Text(_E, "文件路径“{file}”不在 records/ 之内（不能用绝对路径或 ..）", "写相对于 records/ 的路径，例如 files/2026/谈话记录.pdf")),
    # --- the Measures ---------------------------------------------------------------------
    _rule("A2-SCOPE-KIND", "第二条第三款", "measures",
          "党组织采取谈话方式处置问题线索或者开展任职谈话、诫勉谈话，按照有关规定办理，不属于本办法规定的监督谈话",
          Text(_E, "谈话类型“{kind}”不是本办法规定的监督谈话，应为定期谈话或及时谈话（kind: periodic、kind: timely）",
               "依据第二条第三款，采取谈话方式处置问题线索或者开展任职谈话、诫勉谈话，按照有关规定办理，不在此登记；监督谈话请写 kind: periodic 或 kind: timely")),
    _rule("A2-SCOPE-INTERVIEWEE", "第二条、第五条", "measures",
          "被谈话人是本党委（党组）下一级党组织的“一把手”", {
              "not_leader": Text(_E, "谈话日期 {date}，{person} 不是 {org} 的“一把手”（当时为 {actual}）",
                                 "核对 interviewee 与 interviewee_org，或在 {org_id} 的 leaders 中补全任职记录"),
              "not_lower": Text(_E, "{org} 不是 {committee} 的下一级党组织",
                                "监督谈话的对象是下一级党组织“一把手”；核对 interviewee_org 与该组织的 parent"),
              "out_of_scope": Text(_E, "{org} 已标注为不在监督谈话范围（{reason}）",
                                   "核对 interviewee_org，或修改该组织的 in_scope"),
              "not_existing": Text(_E, "谈话日期 {date}，{org} 尚未成立或已撤销",
                                   "核对谈话日期、interviewee_org 或该组织的 established_on / dissolved_on"),
          }),
    _rule("A20-IN-FORCE", "第二十条", "measures", "本办法自发布之日（2026年1月30日）起施行",
          Text(_I, "谈话日期 {date} 早于《办法》施行日（2026年1月30日）：记录保留并展示，但不适用本办法的规则")),
    _rule("A5-PLAN-EXISTS", "第五条第二款", "measures",
          "党委（党组）每年制定开展定期谈话的年度计划，明确工作分工和完成时限", {
              "missing": Text(_W, "{committee} 缺少 {year} 年度定期谈话计划（{after} 后仍未制定）",
                              "在 records/plans/{committee_id}/{year}.yaml 中制定年度计划，写明工作分工和完成时限",
                              timed=True),
              "division": Text(_W, "计划条目 {item} 未写明工作分工（division）", "写明牵头和配合单位，例如 division: 市委办公室牵头，市纪委监委配合",
                               report="年度计划中与{org}“一把手”的定期谈话未明确工作分工"),
          }, policies=("plan_missing_after",)),
    _rule("A5-PLAN-ITEM-DUE", "第五条第二款", "measures", "年度计划明确完成时限，定期谈话在完成时限内开展", {
        "default": Text(_W, "计划条目 {item}（{org}）完成时限为 {due}，已逾期 {days} 天，尚无相应的定期谈话",
                        "按计划开展谈话并登记（plan_item: {item}），或调整计划并说明原因", timed=True,
                        report="年度计划安排的与{org}“一把手”的定期谈话，完成时限为 {due}，已逾期 {days} 天，尚未开展"),
        "void": Text(_W, "计划条目 {item}（{org}）完成时限为 {due}，已逾期 {days} 天，登记的定期谈话 {talks} 不计入",
                     "所登记的谈话违反第二条、第五条或第七条，不能完成该条目；按计划重新开展谈话并登记", timed=True,
                     report="年度计划安排的与{org}“一把手”的定期谈话，完成时限为 {due}，已逾期 {days} 天；"
                            "已开展的谈话不符合第二条、第五条或第七条的规定，不计入"),
        "late": Text(_W, "计划条目 {item}（{org}）完成时限为 {due}，定期谈话于 {on} 开展，逾期 {days} 天",
                     "如有正当理由，请在该条目的 note 中说明",
                     report="年度计划安排的与{org}“一把手”的定期谈话，完成时限为 {due}，于 {on} 开展，逾期 {days} 天"),
    }),
    _rule("A5-COVERAGE", "第五条第二款", "measures",
          "地方党委在一届任期内、党组（党委）在批准其设立的党组织一届任期内，对下一级党组织“一把手”定期谈话全覆盖", {
              "uncovered": Text(_E, "{term_name}已于 {end}{estimated} 届满，{org}：本届任期内未对其“一把手”开展定期谈话",
                                "依据第十七条，这是问责线索；请核实是否有未登记的谈话", timed=True),
              "at_risk": Text(_W, "{term_name}将于 {end}{estimated} 届满（剩余不足 {threshold} 个月），{org}：本届任期内尚未对其“一把手”开展定期谈话，"
                              "也未列入年度计划",
                              "在年度计划中为 {org} 安排定期谈话", timed=True),
              "at_risk_lapsed": Text(_W, "{term_name}将于 {end}{estimated} 届满（剩余不足 {threshold} 个月），{org}：本届任期内尚未对其“一把手”开展"
                                     "定期谈话，计划条目 {items}，不能保证届满前覆盖现任“一把手”",
                                     "在年度计划中为 {org} 安排届满前完成的定期谈话", timed=True,
                                     report="{term_name}将于 {end}{estimated} 届满（剩余不足 {threshold} 个月），{org}："
                                            "本届任期内尚未对其“一把手”开展定期谈话，年度计划中的安排已逾期或已完成，"
                                            "不能保证届满前覆盖现任“一把手”"),
              "no_approved_by": Text(_E, "{committee}是{kind}，覆盖期按批准其设立的党组织的届期计算，但未写明批准设立机关（approved_by），"
                                     "因此无法检查其定期谈话全覆盖和年度计划",
                                     "写 approved_by: <批准设立该{kind}的党组织 id>（如上一级党委），并在该组织记录中登记届次（terms）"),
              "no_terms": Text(_E, "{owner}未登记任何届次（terms），无法确定{committee}的覆盖期，因此无法检查其定期谈话全覆盖和年度计划",
                               "在 records/orgs/{owner_id}.yaml 中登记届次，例如 terms: [{{number: 8, start: \"2022-01-10\", end: null}}]"),
          }, policies=("coverage_risk_months", "term_years")),
    _rule("A5-COVERAGE-LEADER-CHANGED", "第五条第二款", "measures", "对下一级党组织“一把手”定期谈话全覆盖；谈话后“一把手”调整的，与新任“一把手”尚未谈话",
          Text(_W, "{org} 的“一把手”已于 {since} 更换为 {leader}，本届任期内尚未与其定期谈话（{talk_date} 的定期谈话对象是 {old}）",
               "在计划中安排与新任“一把手”的定期谈话"), policies=("leader_change_counts_as",)),
    _rule("A5-TIMELY-TRIGGER", "第五条第三款", "measures",
          "下一级党组织“一把手”存在第五条第三款（一）至（六）项情形之一的，党委（党组）应当及时谈话", {
        "missing": Text(_E, "及时谈话未写明属于哪种情形（triggers）",
                        "写 triggers: [{{code: petitions}}]；情形代码：petitions、criticized、inspection_findings、major_case、personal_tendency、other"),
        "other_detail": Text(_E, "情形“其他”（第五条第三款第六项）未写明具体情况", "写 {{code: other, detail: 具体情况}}"),
        "periodic": Text(_E, "定期谈话不应填写及时谈话的情形（triggers）", "删除 triggers，或把 kind 改为 timely"),
    }),
    _rule("A6-ORGANIZER", "第六条", "measures",
          "党委（党组）办公厅（室）负责组织监督谈话工作；纪律检查机关、组织（人事）部门、宣传部门、巡视巡察机构以及审计机关等"
          "相关单位提出被谈话人人选的建议，提供有关情况和材料，根据需要派员参与谈话",
          Text(_I, "谈话未记录配合单位的参与人员或提供的材料（participants / materials_provided）",
               "在 participants 中登记派员参与的单位，在 materials_provided 中登记提供材料的单位")),
    _rule("A7-TALKER-TEAM", "第七条", "measures", "由党委（党组）领导班子成员作为谈话人", {
        "default": Text(_E, "谈话日期 {date}，谈话人 {talker} 不是 {committee} 领导班子成员",
                        "核对 talker，或在 {committee_id} 的 leadership_team 中补全任职记录"),
        "plan": Text(_W, "计划条目 {item} 安排的谈话人 {talker} 在 {start} 至 {due} 期间不是 {committee} 领导班子成员",
                     "按此安排谈话不计入覆盖；改写该条目的 talker，或在 {committee_id} 的 leadership_team 中补全任职记录",
                     report="年度计划安排的谈话人 {talker} 在 {start} 至 {due} 期间不是 {committee} 领导班子成员"),
    }),
    _rule("A7-INDIVIDUAL", "第七条", "measures", "采取个别谈话的方式进行（一次谈话只有一名被谈话人）",
          Text(_E, "一次谈话只能有一名被谈话人（个别谈话），本记录列了 {count} 人",
               "为每名被谈话人分别登记一次谈话，interviewee 只写一个人员 id")),
    _rule("A7-SECRETARY-TALKS", "第七条", "measures",
          "对市（地、州、盟）、县（市、区、旗）、乡镇（街道）党（工）委书记的定期谈话，由上一级党委书记作为谈话人", {
              "default": Text(_E, "对{org_kind}书记的定期谈话应由 {committee} 书记（{secretary}）作为谈话人，本记录谈话人为 {talker}",
                              "本次谈话不计入覆盖，也不完成所对应的计划条目；请安排{secretary}同志与{org}书记开展定期谈话并另行登记。"
                              "不要改登记为及时谈话：及时谈话须具有第五条第三款规定的情形"),
              "plan": Text(_W, "计划条目 {item} 对{org_kind}书记的定期谈话安排 {talker} 作为谈话人，应由 {committee} 书记（{secretary}）谈话",
                           "按此安排谈话不计入覆盖；把该条目的 talker 改为 {secretary_id}",
                           report="年度计划对{org_kind}书记的定期谈话安排 {talker} 作为谈话人，"
                                  "应由 {committee} 书记（{secretary}）作为谈话人"),
          }, policies=("work_committee_secretary_talk",)),
    _rule("A9-PREPARATION", "第九条", "measures",
          "开展定期谈话的，谈话人认真做好谈话准备，深入了解被谈话人及其所在党组织有关情况；被谈话人对照有关法规文件开展自查", {
        "self_check": Text(_W, "定期谈话未记录被谈话人的自查（preparation.self_check_on）", "写 preparation: {{self_check_on: \"YYYY-MM-DD\"}}"),
        "materials": Text(_W, "定期谈话未记录谈话人准备时对照的材料（preparation.materials）", "在 preparation.materials 中列出巡察反馈、审计报告等材料"),
    }),
    _rule("A9-DATE-ORDER", "第九条", "measures", "被谈话人在谈话前对照有关法规文件开展自查，谈话时报告自查情况（第十条第一款第一项）",
          Text(_E, "自查日期 {on} 晚于谈话日期 {date}：自查应在谈话前进行",
               "核对 preparation.self_check_on 与谈话日期 date；自查报告在谈话时作为第一个步骤报告")),
    _rule("A10-STEPS", "第十条第一款", "measures",
          "开展定期谈话，按照下列步骤进行：（一）被谈话人报告自查情况；（二）谈话人通报有关情况、严肃指出问题；"
          "（三）被谈话人就有关问题作说明；（四）谈话人提出整改要求；（五）被谈话人作表态发言", {
              "missing": Text(_E, "定期谈话缺少步骤：{steps}", "按顺序写全五个步骤：{expected}"),
              "order": Text(_E, "定期谈话的步骤顺序不对：实际为 {actual}", "应为：{expected}"),
          }),
    _rule("A10-RECORD", "第十条第二款", "measures", "开展及时谈话，参照定期谈话的步骤进行，并形成相关记录",
          Text(_E, "及时谈话未形成谈话记录（record）", "写 record: {{kept_by: 办公室名称, file: files/…}} 或档案号 archive_ref")),
    _rule("A11-MEASURES-LATE", "第十一条第一款", "measures",
          "被谈话人在谈话结束后1个月内提出整改措施，并将谈话后的思想认识、整改措施向开展谈话的党委（党组）报告", {
        "overdue": Text(_E, "整改措施期限为 {due}，已逾期 {days} 天仍未提交", "督促被谈话人提交整改措施，并登记 measures_submitted_on",
                        timed=True),
        "late": Text(_W, "整改措施于 {on} 提交，期限为 {due}，逾期 {days} 天", "如有正当理由，请在 note 中说明"),
    }, policies=("deadline_rollover",)),
    _rule("A11-REFLECTION-LATE", "第十一条第一款", "measures",
          "被谈话人将谈话后的思想认识与整改措施一并（谈话结束后1个月内）向开展谈话的党委（党组）报告", {
        "overdue": Text(_E, "思想认识报告期限为 {due}，已逾期 {days} 天仍未提交（整改措施已于 {measures_on} 提交）",
                        "督促被谈话人报告思想认识，并登记 reflection_submitted_on；与整改措施一并报告的，写同一日期",
                        timed=True),
        "late": Text(_W, "思想认识报告于 {on} 提交，期限为 {due}，逾期 {days} 天", "如有正当理由，请在 note 中说明"),
    }, policies=("deadline_rollover",)),
    _rule("A11-DATE-ORDER", "第十一条", "measures",
          "整改措施、思想认识和整改情况的报告、向领导班子其他成员的通报以及整改核查，都在谈话结束之后", {
        "measures": Text(_E, "整改措施提交日期 {on} 早于谈话日期 {date}", "核对 measures_submitted_on 与谈话日期"),
        "reflection": Text(_E, "思想认识报告日期 {on} 早于谈话日期 {date}", "核对 reflection_submitted_on 与谈话日期"),
        "status": Text(_E, "整改情况报告日期 {on} 早于谈话日期 {date}", "核对 status_report_on 与谈话日期"),
        "team": Text(_E, "向领导班子其他成员通报的日期 {on} 早于谈话日期 {date}", "核对 team_notified_on 与谈话日期"),
        "verification": Text(_E, "整改核查日期 {on} 早于谈话日期 {date}", "核对 verification.on 与谈话日期"),
    }),
    _rule("A11-NOTIFY-TEAM", "第十一条第一款", "measures", "对于履行全面从严治党第一责任人职责的整改措施，应当向领导班子其他成员通报",
          Text(_W, "有第一责任人职责方面的整改措施，但未记录向领导班子其他成员通报（team_notified_on）",
               "写 team_notified_on: \"YYYY-MM-DD\"")),
    _rule("A11-STATUS-LATE", "第十一条第二款", "measures", "被谈话人在谈话结束后3个月内向开展谈话的党委（党组）报告整改情况", {
        "overdue": Text(_E, "整改情况报告期限为 {due}，已逾期 {days} 天仍未提交", "督促被谈话人报告整改情况，并登记 status_report_on",
                        timed=True),
        "late": Text(_W, "整改情况报告于 {on} 提交，期限为 {due}，逾期 {days} 天", "如有正当理由，请在 note 中说明"),
    }, policies=("deadline_rollover",)),
    _rule("A12-ARCHIVE", "第十二条", "measures", "党委（党组）办公厅（室）汇总留存谈话记录、被谈话人整改措施以及整改情况等材料", {
        "talk": Text(_W, "谈话记录未归档：record 中既没有文件（file）也没有档案号（archive_ref）", "写 record: {{file: files/…}} 或 {{archive_ref: 档案号}}",
                     report="谈话记录未归档：既没有归档文件，也没有档案号"),
        "missing_file": Text(_W, "归档文件 {file} 在仓库中不存在", "把文件放到 records/{file}，或改写为档案号 archive_ref",
                             report="登记的谈话记录归档文件在档案中不存在"),
        "rectification": Text(_W, "已提交整改材料，但没有登记归档文件（documents）", "在 documents 中登记整改措施、整改情况报告的文件或档案号"),
    }),
    _rule("A12-DISTRIBUTION", "第十二条", "measures", "将有关情况抄送本级纪律检查机关（派驻本单位的纪检监察组）、组织（人事）部门和其他相关单位",
          Text(_W, "谈话材料尚未抄送：{units}", "在 distribution 中登记抄送单位和日期"), policies=("distribution_required",)),
    _rule("A13-RESPONSIBILITY-LIST", "第十三条第一款", "measures",
          "党委（党组）在制定落实全面从严治党主体责任清单和年度任务安排时，把开展监督谈话作为领导班子及其成员履行责任的重要内容",
          Text(_W, "{year} 年度计划未记录已纳入全面从严治党主体责任清单", "纳入后写 in_responsibility_list: true")),
    _rule("A13-ANNUAL-REPORT", "第十三条第二款", "measures",
          "党委（党组）在每年年初报送的落实全面从严治党主体责任情况报告中，专门报告上一年度开展监督谈话工作的情况；"
          "党委（党组）书记将开展监督谈话情况作为每年述职的重要内容",
          feature="年度报告：每个党委（党组）每年一份，含书记述职所需数据"),
    _rule("A14-A15-ROLLUP", "第十四条、第十五条", "measures",
          "上级党组织在有关考核工作中了解下级党委（党组）及其领导班子成员开展监督谈话工作的情况，在监督检查和巡视巡察中"
          "注意发现和推动解决监督谈话工作存在的问题",
          feature="汇总：按党委（党组）列出覆盖率、逾期整改和计划情况"),
    _rule("A16-CONFIDENTIAL", "第十六条", "measures", "对于监督谈话中涉及党组织尚未公开的事项或者其他应当保密的内容，有关人员应当予以保密",
          Text(_E, "摘要版站点的文件 {file} 中出现了标注为保密的内容", "这是生成器的缺陷，请勿分发该站点并报告问题"),
          feature="摘要版站点不含任何标注保密的记录和条目，也不进入搜索索引"),
    _rule("A17-ACCOUNTABILITY", "第十七条", "measures",
          "党委（党组）及其领导班子成员不履行或者不正确履行监督谈话职责，被谈话人在监督谈话中不如实报告情况，"
          "被谈话人落实整改要求不到位、敷衍整改、虚假整改甚至顶风违纪的，应当依规依纪严肃追究责任",
          feature="问责线索页：任期结束未覆盖、整改逾期、敷衍或虚假整改、不如实报告"),
    # --- audit ----------------------------------------------------------------------------
    _rule("AUDIT-FINAL-CHANGED", "第十二条", "audit", "已定稿的谈话和整改记录的修改须经审查", {
        "changed": Text(_W, "已定稿的记录自 {base} 以来被修改：{fields}", "确认修改经过审核，并在提交说明中写明原因"),
        "deleted": Text(_E, "已定稿的记录自 {base} 以来被删除", "已定稿的记录不能删除；如需更正请修改并说明原因"),
    }),
)


def _with_office_words(rule: Rule) -> Rule:
    """The rule with its office words (:mod:`generator.rules.office_words`): short name, each variant's action."""
    form = office_words.FORM_ACTION if rule.group in ("input", "schema", "reference") else ""
    variants = {name: replace(text, action=office_words.ACTIONS.get(f"{rule.id}/{name}", form))
                for name, text in rule.variants.items()}
    return replace(rule, short=office_words.SHORT.get(rule.id, ""), variants=MappingProxyType(variants))


RULES: Mapping[str, Rule] = MappingProxyType({rule.id: _with_office_words(rule) for rule in _ALL})

# The rules whose findings are rows of a body's coverage matrix (Art. 5 ¶2), one per lower-level org: the annual
# report counts them per body and the quick re-check redoes them when an org or a talk of the body changes.
COVERAGE_RULES: frozenset[str] = frozenset({"A5-COVERAGE", "A5-COVERAGE-LEADER-CHANGED"})
