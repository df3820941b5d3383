"""Vocabulary for generated demo customers, in Chinese and English."""

from __future__ import annotations

# province: (its English name, cities as (Chinese, English))
REGIONS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "北京市": ("Beijing", [("北京市", "Beijing")]),
    "上海市": ("Shanghai", [("上海市", "Shanghai")]),
    "广东省": (
        "Guangdong",
        [("广州市", "Guangzhou"), ("深圳市", "Shenzhen"), ("东莞市", "Dongguan"), ("佛山市", "Foshan")],
    ),
    "浙江省": ("Zhejiang", [("杭州市", "Hangzhou"), ("宁波市", "Ningbo"), ("温州市", "Wenzhou")]),
    "江苏省": ("Jiangsu", [("南京市", "Nanjing"), ("苏州市", "Suzhou"), ("无锡市", "Wuxi")]),
    "四川省": ("Sichuan", [("成都市", "Chengdu"), ("绵阳市", "Mianyang")]),
    "湖北省": ("Hubei", [("武汉市", "Wuhan"), ("宜昌市", "Yichang")]),
    "山东省": ("Shandong", [("济南市", "Jinan"), ("青岛市", "Qingdao")]),
    "福建省": ("Fujian", [("福州市", "Fuzhou"), ("厦门市", "Xiamen")]),
    "陕西省": ("Shaanxi", [("西安市", "Xi'an")]),
    "河南省": ("Henan", [("郑州市", "Zhengzhou"), ("洛阳市", "Luoyang")]),
    "湖南省": ("Hunan", [("长沙市", "Changsha")]),
    "天津市": ("Tianjin", [("天津市", "Tianjin")]),
    "重庆市": ("Chongqing", [("重庆市", "Chongqing")]),
    "辽宁省": ("Liaoning", [("沈阳市", "Shenyang"), ("大连市", "Dalian")]),
}
#: How many customers each province gets relative to the others.
REGION_WEIGHTS = [9, 10, 12, 10, 9, 6, 5, 6, 5, 4, 4, 4, 3, 3, 3]

INDUSTRIES = [
    ("制造业", "Manufacturing"),
    ("零售", "Retail"),
    ("互联网", "Internet"),
    ("金融", "Finance"),
    ("教育", "Education"),
    ("医疗健康", "Healthcare"),
    ("物流", "Logistics"),
    ("房地产", "Real estate"),
    ("餐饮", "Food service"),
    ("能源", "Energy"),
]
SOURCES = [
    ("官网", "website"),
    ("展会", "trade show"),
    ("转介绍", "referral"),
    ("电话营销", "cold call"),
    ("微信", "wechat"),
    ("合作伙伴", "partner"),
]
SIZES = ["1-49", "50-199", "200-999", "1000+"]
OCCUPATIONS = [
    ("工程师", "Engineer"),
    ("教师", "Teacher"),
    ("医生", "Doctor"),
    ("个体经营", "Self-employed"),
    ("公务员", "Civil servant"),
    ("销售", "Sales"),
    ("学生", "Student"),
    ("退休", "Retired"),
]
EDUCATION = [
    ("高中", "High school"),
    ("大专", "Associate"),
    ("本科", "Bachelor"),
    ("硕士", "Master"),
    ("博士", "Doctorate"),
]
COMPANY_WORDS_ZH = [
    "华信",
    "恒通",
    "瑞丰",
    "鼎盛",
    "中联",
    "天成",
    "宏远",
    "金桥",
    "新锐",
    "长城",
    "东方",
    "汇通",
    "百盛",
    "安泰",
    "众诚",
    "博远",
    "星辰",
    "海纳",
    "盛世",
    "永安",
]
COMPANY_SUFFIXES_ZH = [
    "科技有限公司",
    "贸易有限公司",
    "实业有限公司",
    "信息技术有限公司",
    "制造有限公司",
    "商贸有限公司",
    "集团有限公司",
    "网络科技有限公司",
]
PRODUCTS = [
    ("SKU-1001", "企业版软件授权", "Enterprise licence", "software", "19800.00"),
    ("SKU-1002", "标准版软件授权", "Standard licence", "software", "6800.00"),
    ("SKU-2001", "年度维护服务", "Annual maintenance", "service", "3600.00"),
    ("SKU-2002", "实施服务（人天）", "Implementation (day)", "service", "2500.00"),
    ("SKU-3001", "智能终端", "Smart terminal", "hardware", "1299.00"),
    ("SKU-3002", "扫码枪", "Barcode scanner", "hardware", "399.00"),
    ("SKU-4001", "培训课程", "Training course", "training", "980.00"),
    ("SKU-5001", "耗材套装", "Consumables kit", "supplies", "158.00"),
]
ACTIVITY_SUBJECTS = {
    "call": [
        ("电话跟进需求", "Follow-up call on needs"),
        ("确认报价细节", "Confirmed quote details"),
        ("回访使用情况", "Checked how they use it"),
    ],
    "meeting": [("方案评审会议", "Proposal review meeting"), ("季度业务回顾", "Quarterly business review")],
    "visit": [("上门拜访", "On-site visit"), ("陪同参观工厂", "Factory tour")],
    "email": [("发送产品资料", "Sent product sheet"), ("发送合同草稿", "Sent draft contract")],
    "note": [("客户对价格敏感", "Price sensitive"), ("决策人变更", "Decision maker changed")],
}
OUTCOMES = [
    ("有意向", "Interested"),
    ("需要再联系", "Call again"),
    ("已报价", "Quoted"),
    ("暂无需求", "No need now"),
    (None, None),
]
TASK_TITLES = [
    ("准备报价单", "Prepare the quote"),
    ("安排演示", "Schedule a demo"),
    ("回访客户", "Follow up"),
    ("发送合同", "Send the contract"),
]
#: Relative order volume per month (January first): the 618 and Double 11 peaks of Chinese retail.
MONTH_WEIGHTS = [6, 4, 7, 7, 8, 12, 7, 7, 8, 9, 16, 12]
