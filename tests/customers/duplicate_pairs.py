"""A labelled fixture of company-name pairs for the duplicate finder: true duplicates and look-alikes.

Each pair is (name, other name, same company?). Duplicates are the same company written another way (region
moved into brackets or dropped, legal form shortened, width, case, spacing, English forms); look-alikes share
words but are different companies (other trade name, the same trade name in another province or industry, common
words such as 科技有限公司).
"""

from __future__ import annotations

import uuid

from rapport.core.db import Database
from rapport.customers.service import ContactDraft
from tests import factories

PAIRS: list[tuple[str, str, bool]] = [
    # the same company, written another way
    ("上海华为技术有限公司", "华为技术(上海)有限公司", True),
    ("北京字节跳动", "字节跳动(北京)", True),
    ("北京字节跳动科技有限公司", "字节跳动科技（北京）有限公司", True),
    ("深圳市腾讯计算机系统有限公司", "腾讯计算机系统有限公司", True),
    ("阿里巴巴（中国）网络技术有限公司", "阿里巴巴网络技术有限公司", True),
    ("杭州西湖茶叶有限公司", "杭州西湖茶叶公司", True),
    ("小米科技有限责任公司", "北京小米科技有限公司", True),
    ("美的集团股份有限公司", "美的集团", True),
    ("广州市宝洁日化有限公司", "宝洁日化(广州)有限公司", True),
    ("苏州长城精工科技有限公司", "長城精工科技（蘇州）有限公司".replace("長", "长").replace("蘇", "苏"), True),
    ("上海 华为 技术 有限公司", "上海华为技术有限公司", True),
    ("江苏恒瑞医药股份有限公司", "恒瑞医药(江苏)", True),
    ("成都天府软件有限公司", "天府软件（成都）有限公司", True),
    ("ACME Corp.", "Acme Corporation", True),
    ("Globex Shanghai Co., Ltd.", "Globex (Shanghai) Co Ltd", True),
    ("Initech Technology Limited", "INITECH TECHNOLOGIES LTD", True),
    ("Umbrella Logistics Inc", "Umbrella Logistics, Inc.", True),
    ("Wayne Enterprises", "Wayne Enterprises Group", True),
    ("Stark Industries (Beijing)", "Beijing Stark Industries Co., Ltd.", True),
    ("Ｓｏｙｌｅｎｔ Ｆｏｏｄｓ", "Soylent Foods", True),
    ("中国平安保险(集团)股份有限公司", "平安保险集团", True),
    ("华为", "华为技术有限公司", True),
    ("海尔智家股份有限公司", "青岛海尔智家", True),
    ("深圳市大疆创新科技有限公司", "大疆创新", True),
    ("Shanghai Acme", "Acme", True),
    ("Contoso Pharmaceuticals", "Contoso Pharmaceutical Ltd", True),
    ("Apple Inc.", "Apple Computer, Inc.", True),
    ("京东", "北京京东世纪贸易有限公司", True),
    # different companies that look alike
    ("上海华为技术有限公司", "上海华兴科技有限公司", False),
    ("北京星辰科技有限公司", "北京晨星科技有限公司", False),
    ("深圳市创新科技有限公司", "深圳市创远科技有限公司", False),
    ("杭州西湖茶叶有限公司", "杭州西湖软件有限公司", False),
    ("华为技术(上海)有限公司", "华为技术(北京)有限公司", False),
    ("广州天河科技有限公司", "广州天合科技有限公司", False),
    ("上海浦东发展银行", "上海浦东发展科技有限公司", False),
    ("北京中关村软件有限公司", "北京中关村科技有限公司", False),
    ("南京金陵贸易有限公司", "南京金陵物流有限公司", False),
    ("苏州长城精工科技有限公司", "苏州长风精工科技有限公司", False),
    ("成都天府软件有限公司", "成都天虹软件有限公司", False),
    ("武汉光谷生物科技有限公司", "武汉光华生物科技有限公司", False),
    ("ACME Trading Co.", "ACME Logistics Co.", False),
    ("Globex Shanghai Co., Ltd.", "Globex Beijing Co., Ltd.", False),
    ("Sunrise Technology Co.", "Sunset Technology Co.", False),
    ("Blue Ocean Consulting", "Blue Sky Consulting", False),
    ("Pacific Trading Ltd", "Atlantic Trading Ltd", False),
    ("张伟贸易有限公司", "张伟物流有限公司", False),
    ("腾讯科技(深圳)有限公司", "深圳市腾讯计算机系统有限公司", False),
    ("百度在线网络技术(北京)有限公司", "北京百度网讯科技有限公司", False),
    ("上海银行", "上海农商银行", False),
    ("First National Bank", "First National Trust", False),
    ("北京华夏科技有限公司", "上海华夏科技有限公司", False),
    ("广东美的制冷设备有限公司", "广东美的电器有限公司", False),
]


async def plant_duplicates(db: Database) -> uuid.UUID:
    """Customers of different owners that duplicate one another by every kind of evidence; the original's id.

    The rep's 上海华为技术有限公司 shares its trade name with the rep's 华为技术(上海)有限公司, its phone with a
    person, its email with the manager's 华为 (深圳) (another province: the name does not count) and nothing with
    华为技术(北京)有限公司; the manager's Contoso Pharmaceutical Ltd is only alike the rep's Contoso
    Pharmaceuticals (a similar name, not the same)."""
    rep = await factories.principal(db, "rep@demo.example")
    manager = await factories.principal(db, "manager@demo.example")
    original = await factories.customer(
        db,
        rep,
        "上海华为技术有限公司",
        contacts=[ContactDraft("王经理", phones=["13812345678"], emails=["wang@huawei.example"])],
    )
    await factories.customer(db, rep, "华为技术(上海)有限公司")
    await factories.customer(db, rep, "华为技术(北京)有限公司")
    await factories.customer(db, rep, "前台", kind="person", contacts=[ContactDraft("前台", phones=["138-1234-5678"])])
    await factories.customer(db, manager, "华为 (深圳)", contacts=[ContactDraft("李", emails=["WANG@huawei.example"])])
    await factories.customer(db, rep, "Contoso Pharmaceuticals")
    await factories.customer(db, manager, "Contoso Pharmaceutical Ltd")
    return original.id
