"""The fixed pools the demo draws from: place, person and department names, talk texts, issues and triggers.

Everything here is fictional: names are drawn from small pools of common characters.
"""

from __future__ import annotations

import datetime as dt

DEMO_AS_OF = dt.date(2026, 11, 27)  # the day the demo repository is "as of"; check it with --as-of 2026-11-27

CITIES = (
    ("青川", "qingchuan"), ("白石", "baishi"), ("临江", "linjiang"), ("云岭", "yunling"), ("北塘", "beitang"),
    ("南屏", "nanping"), ("金溪", "jinxi"), ("玉泉", "yuquan"), ("安平", "anping"), ("长宁", "changning"),
    ("东岭", "dongling"), ("西山", "xishan"), ("洪川", "hongchuan"), ("桃源", "taoyuan"), ("清河", "qinghe"),
    ("丰城", "fengcheng"), ("明水", "mingshui"), ("宁远", "ningyuan"), ("凤台", "fengtai"), ("泰和", "taihe"),
)
FIRST = tuple(zip("东西南北上新古平永安福兴宝龙凤石河山水金", (
    "dong", "xi", "nan", "bei", "shang", "xin", "gu", "ping", "yong", "an", "fu", "xing", "bao", "long", "feng",
    "shi", "he", "shan", "shui", "jin"), strict=True))
SECOND = tuple(zip("阳宁丰城溪林川口源台桥坪湖江岗门庄塘田沟", (
    "yang", "ning", "feng", "cheng", "xi", "lin", "chuan", "kou", "yuan", "tai", "qiao", "ping", "hu", "jiang",
    "gang", "men", "zhuang", "tang", "tian", "gou"), strict=True))
SURNAMES = tuple(zip("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", (
    "wang", "li", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun", "hu", "zhu", "gao",
    "lin", "he", "guo", "ma", "luo"), strict=True))
GIVEN = tuple(zip("伟芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚华建国志红文海波宁斌", (
    "wei", "fang", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan", "jie", "juan", "tao", "ming",
    "chao", "xiu", "xia", "ping", "gang", "hua", "jian", "guo", "zhi", "hong", "wen", "hai", "bo", "ning", "bin"),
    strict=True))
DEPARTMENTS = (
    "教育局", "公安局", "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局",
    "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局",
    "统计局", "医疗保障局", "民政局", "司法局", "发展和改革委员会", "科学技术局", "工业和信息化局", "退役军人事务局",
    "林业局", "信访局", "城市管理局", "国有资产监督管理委员会", "人民法院", "人民检察院",
)
# Lower-level org kinds under a county committee, with their share and name patterns.
COUNTY_MIX = (
    ("township_committee", 0.34, "{place}镇党委", "zh"),
    ("subdistrict_committee", 0.10, "{place}街道党工委", "jd"),
    ("party_group", 0.22, "{body}{dept}党组", "dz"),
    ("party_committee", 0.05, "{body}{dept}党委", "dw"),
    ("unit_party_org", 0.10, "{body}第{n}中学党总支", "zz"),
    ("work_organ", 0.05, "{body}{organ}", "gj"),
    ("affiliated_institution", 0.04, "{body}{inst}", "sy"),
    ("grassroots_org", 0.10, "{place}村党总支", "cz"),
)
ORGANS = ("委办公室", "委组织部", "委宣传部", "委统战部", "委政法委员会", "委社会工作部", "直机关工委",
           "委巡察工作领导小组办公室")
INSTITUTIONS = ("委党校", "融媒体中心", "档案馆", "委党史研究室", "机关事务服务中心")
SUMMARY = {  # a summary for each of the Art. 10 steps (the codes and their order: catalog.STEP)
    "self_report": "{who}同志报告履行第一责任人职责和严格自律自查情况",
    "feedback": "通报巡察反馈和信访举报情况，指出{issue}等问题",
    "explanation": "就有关问题作出说明",
    "requirements": "提出{n}项整改要求，明确完成时限",
    "commitment": "表态坚决整改，按期报告整改情况",
}
ISSUES = (
    ("first_responsibility", "落实“三重一大”决策制度不严格"), ("first_responsibility", "对班子成员日常监督不到位"),
    ("first_responsibility", "巡察反馈问题整改进度滞后"), ("first_responsibility", "重大项目资金监管制度执行不到位"),
    ("first_responsibility", "对下属单位“一把手”监督偏软"), ("self_discipline", "执行个人有关事项报告制度不够严格"),
    ("self_discipline", "对亲属经商办企业情况管理不严"), ("self_discipline", "调查研究不够深入"),
    ("other", "意识形态工作责任制落实不够有力"), ("other", "基层减负措施落实不到位"),
)
MATERIALS = ("上一年度巡察反馈意见", "经济责任审计报告", "干部考核情况", "信访举报情况分析", "专项督查通报",
              "纪律审查中发现的问题线索情况", "个人有关事项报告抽查核实情况")
TRIGGER_DETAIL = {
    "petitions": "近期反映该单位工程项目问题的信访举报明显增多",
    "criticized": "被上级通报批评，引发负面舆情",
    "inspection_findings": "主体责任检查考核发现问题较多",
    "major_case": "所属单位发生重大违纪违法案件",
    "personal_tendency": "本人存在苗头性、倾向性问题",
    "other": "专项整治进展明显滞后",
}
