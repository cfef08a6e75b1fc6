"""The office's words for each rule: its Chinese short name, and what the office does about a finding.

Office pages name a finding by the rule's short name and article (not by its id) and say what to do in plain words;
the technical hint (field names, what to write in the file) is for whoever maintains the records and is shown apart
from it.  :mod:`generator.rules.table` reads these two columns into ``Rule.short`` and ``Text.action``, so pages
look them up in the rule table like every other word of a rule.
"""

from __future__ import annotations

from collections.abc import Mapping

# The rule's Chinese short name: office pages name a finding by it (with the article), not by its id.
SHORT: Mapping[str, str] = {
    "FILE-ENCODING": "文件编码", "FILE-TOO-LARGE": "文件大小", "FILE-EMPTY": "空文件", "FILE-NOT-MAPPING": "记录结构",
    "FILE-NAME": "文件名称", "FILE-LOCATION": "存放位置", "FILE-SYMLINK": "符号链接", "YAML-SYNTAX": "书写格式",
    "YAML-DUPLICATE-KEY": "重复字段", "YAML-ALIAS": "锚点和别名", "YAML-TAG": "YAML标签", "YAML-IMPLICIT-TYPE": "值未加引号",
    "YAML-TOO-DEEP": "嵌套层数", "YAML-MULTI-DOC": "一文件一记录", "YAML-KEY-TYPE": "字段名称", "SCHEMA-REQUIRED": "必填项",
    "SCHEMA-UNKNOWN-FIELD": "未知字段", "SCHEMA-ENUM": "取值范围", "SCHEMA-TYPE": "值的类型", "SCHEMA-FORMAT": "日期和编号格式",
    "SCHEMA-CONTROL-CHAR": "不可见字符", "SCHEMA-INVALID": "记录格式", "REF-DUPLICATE-ID": "编号重复",
    "REF-DANGLING": "引用的记录", "SETTINGS-UNKNOWN-BODY": "设置中的组织", "REF-CYCLE": "上级关系循环",
    "REF-DUPLICATE-ITEM": "条目编号重复", "REF-PLAN-PATH": "计划存放位置", "REF-PLAN-ITEM": "对应计划条目",
    "REF-TALK-YEAR": "谈话年份", "REF-FILE-PATH": "文件路径",
    "A2-SCOPE-KIND": "谈话类型", "A2-SCOPE-INTERVIEWEE": "谈话对象", "A20-IN-FORCE": "施行日期",
    "A5-PLAN-EXISTS": "年度计划", "A5-PLAN-ITEM-DUE": "计划完成时限", "A5-COVERAGE": "任期内全覆盖",
    "A5-COVERAGE-LEADER-CHANGED": "覆盖现任“一把手”", "A5-TIMELY-TRIGGER": "及时谈话情形", "A6-ORGANIZER": "组织和配合",
    "A7-TALKER-TEAM": "谈话人身份", "A7-INDIVIDUAL": "个别谈话", "A7-SECRETARY-TALKS": "书记作为谈话人",
    "A9-PREPARATION": "谈话准备", "A9-DATE-ORDER": "自查时间", "A10-STEPS": "谈话步骤", "A10-RECORD": "谈话记录",
    "A11-MEASURES-LATE": "整改措施期限", "A11-REFLECTION-LATE": "思想认识报告期限", "A11-DATE-ORDER": "整改日期先后",
    "A11-NOTIFY-TEAM": "向班子成员通报", "A11-STATUS-LATE": "整改情况报告期限", "A12-ARCHIVE": "材料归档",
    "A12-DISTRIBUTION": "材料抄送", "A13-RESPONSIBILITY-LIST": "纳入主体责任清单", "A13-ANNUAL-REPORT": "年度报告",
    "A14-A15-ROLLUP": "上级了解情况", "A16-CONFIDENTIAL": "保密", "A17-ACCOUNTABILITY": "责任追究",
    "AUDIT-FINAL-CHANGED": "定稿记录的修改",
}

# What the office does about a finding of the Measures' rules, in plain words: the technical hint (field names,
# what to write in the file) is for whoever maintains the records and is shown apart from it.
# Keyed by "RULE-ID/variant"; the same parameters as the message.
ACTIONS: Mapping[str, str] = {
    "A2-SCOPE-KIND/default": "谈话函询、任职谈话、诫勉谈话按照有关规定办理，不在此登记；属于监督谈话的，请注明是定期谈话还是及时谈话。",
    "A2-SCOPE-INTERVIEWEE/not_leader": "请核实被谈话人及其所在单位；任职情况有变化的，请补登该单位“一把手”的任职情况。",
    "A2-SCOPE-INTERVIEWEE/not_lower": "监督谈话的对象是下一级党组织“一把手”，请核实被谈话人所在单位。",
    "A2-SCOPE-INTERVIEWEE/out_of_scope": "请核实被谈话人所在单位，或核实该单位是否确不在监督谈话范围。",
    "A2-SCOPE-INTERVIEWEE/not_existing": "请核实谈话日期，以及被谈话人所在单位成立、撤销的时间。",
    "A20-IN-FORCE/default": "无需处理：记录照常保留和展示。",
    "A5-PLAN-EXISTS/missing": "请尽快制定本年度定期谈话计划，写明工作分工和完成时限。",
    "A5-PLAN-EXISTS/division": "请在该计划条目中写明工作分工（牵头单位和配合单位）。",
    "A5-PLAN-ITEM-DUE/default": "请按计划开展谈话并登记；确需调整计划的，请说明原因。",
    "A5-PLAN-ITEM-DUE/void": "所登记的谈话不能完成该计划条目，请按计划重新开展谈话并登记。",
    "A5-PLAN-ITEM-DUE/late": "有正当理由的，请在该计划条目中说明。",
    "A5-COVERAGE/uncovered": "依据第十七条，这是问责线索；请核实是否有未登记的谈话。",
    "A5-COVERAGE/at_risk": "请在年度计划中为{org}安排届满前完成的定期谈话。",
    "A5-COVERAGE/at_risk_lapsed": "请在年度计划中为{org}安排届满前完成的定期谈话。",
    "A5-COVERAGE/no_approved_by": "请写明批准设立该{kind}的党组织，并登记该党组织的届次。",
    "A5-COVERAGE/no_terms": "请登记{owner}的届次（起止日期）。",
    "A5-COVERAGE-LEADER-CHANGED/default": "请在计划中安排与新任“一把手”{leader}的定期谈话。",
    "A5-TIMELY-TRIGGER/missing": "请写明该次及时谈话属于第五条第三款规定的哪一项情形。",
    "A5-TIMELY-TRIGGER/other_detail": "请写明“其他”情形的具体情况。",
    "A5-TIMELY-TRIGGER/periodic": "定期谈话不写及时谈话的情形；确属及时谈话的，请更正谈话类型。",
    "A6-ORGANIZER/default": "请登记派员参与谈话的单位和提供材料的单位。",
    "A7-TALKER-TEAM/default": "请核实谈话人；任职情况有变化的，请补登领导班子成员的任职情况。",
    "A7-TALKER-TEAM/plan": "按此安排的谈话不计入覆盖，请调整该计划条目的谈话人。",
    "A7-INDIVIDUAL/default": "请为每名被谈话人分别登记一次谈话。",
    "A7-SECRETARY-TALKS/default": "本次谈话不计入覆盖，也不完成所对应的计划条目；请安排{secretary}同志与{org}书记开展定期谈话并另行登记。",
    "A7-SECRETARY-TALKS/plan": "按此安排的谈话不计入覆盖，请改由{secretary}同志作为谈话人。",
    "A9-PREPARATION/self_check": "请补登被谈话人自查的日期。",
    "A9-PREPARATION/materials": "请补登谈话人准备时对照的材料（如巡察反馈、审计报告）。",
    "A9-DATE-ORDER/default": "请核实自查日期和谈话日期：自查应在谈话前进行。",
    "A10-STEPS/missing": "请核实谈话过程，按顺序补全五个步骤的记录。",
    "A10-STEPS/order": "请核实谈话过程，按规定的顺序登记各个步骤。",
    "A10-RECORD/default": "请形成谈话记录，并登记留存单位和归档文件或档案号。",
    "A11-MEASURES-LATE/overdue": "请督促被谈话人提交整改措施，收到后登记提交日期。",
    "A11-MEASURES-LATE/late": "有正当理由的，请在整改记录中说明。",
    "A11-REFLECTION-LATE/overdue": "请督促被谈话人报告思想认识，收到后登记报告日期。",
    "A11-REFLECTION-LATE/late": "有正当理由的，请在整改记录中说明。",
    "A11-DATE-ORDER/measures": "请核实整改措施的提交日期和谈话日期。",
    "A11-DATE-ORDER/reflection": "请核实思想认识报告的日期和谈话日期。",
    "A11-DATE-ORDER/status": "请核实整改情况报告的日期和谈话日期。",
    "A11-DATE-ORDER/team": "请核实通报日期和谈话日期。",
    "A11-DATE-ORDER/verification": "请核实整改核查日期和谈话日期。",
    "A11-NOTIFY-TEAM/default": "请登记向领导班子其他成员通报的日期。",
    "A11-STATUS-LATE/overdue": "请督促被谈话人报告整改情况，收到后登记报告日期。",
    "A11-STATUS-LATE/late": "有正当理由的，请在整改记录中说明。",
    "A12-ARCHIVE/talk": "请登记谈话记录的归档文件或档案号。",
    "A12-ARCHIVE/missing_file": "请把该文件放入记录仓库，或改为登记档案号。",
    "A12-ARCHIVE/rectification": "请登记整改措施、整改情况报告的归档文件或档案号。",
    "A12-DISTRIBUTION/default": "请按规定抄送，并登记抄送单位和日期。",
    "A13-RESPONSIBILITY-LIST/default": "请将监督谈话纳入全面从严治党主体责任清单，纳入后在年度计划中注明。",
    "A16-CONFIDENTIAL/default": "请勿分发该站点，并报告问题。",
    "AUDIT-FINAL-CHANGED/changed": "请确认修改经过审核，并在提交说明中写明原因。",
    "AUDIT-FINAL-CHANGED/deleted": "已定稿的记录不能删除；需要更正的，请修改记录并说明原因。",
}
# Rules about the form of the files (input, schema, references): the office hands them to whoever keeps the files.
FORM_ACTION = "请维护记录的同志按技术细节更正记录文件。"
