"""Mapping an old system's columns to Rapport's fields: suggested from the header names (zh-CN and en, as old CRMs,
ERPs and spreadsheets name them), changed by the user, saved as reusable templates; and mapping values (an old
grade "重要客户" to grade A, or to a tag).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum


class ImportKind(Enum):
    """What a file holds: customers with their contacts, orders with their lines, or tickets."""

    CUSTOMERS = "customers"
    ORDERS = "orders"
    TICKETS = "tickets"


@dataclass(frozen=True)
class Target:
    """A field a column can fill: its key, whether a row needs it, and the header names that suggest it."""

    key: str
    required: bool = False
    #: Header names, separated by "|".
    names: str = ""
    #: Whether several columns may fill it (phones, emails, tags: their values are joined).
    many: bool = False


TARGETS: dict[ImportKind, tuple[Target, ...]] = {
    ImportKind.CUSTOMERS: (
        Target("externalId", names=("客户编号|客户编码|客户ID|编号|customer id|customer no|external id|id|code")),
        Target(
            "name",
            True,
            names=("客户名称|公司名称|企业名称|客户|名称|单位名称|customer name|company|customer|name|account name"),
        ),
        Target("kind", names="客户类型|类型|kind|type|customer type"),
        Target("status", names="客户状态|状态|status"),
        Target("grade", names="客户等级|等级|级别|grade|level|rating|tier"),
        Target("source", names="客户来源|来源|渠道|source|lead source|channel"),
        Target("industry", names="行业|所属行业|industry|sector"),
        Target("province", names="省份|省|所在省|地区|province|state|region"),
        Target("city", names="城市|市|所在城市|city"),
        Target("size", names="规模|公司规模|人数|size|employees|company size"),
        Target("owner", names="负责人|所属销售|销售|客户经理|owner|account owner|sales rep"),
        Target("tags", names="标签|tags|tag|labels", many=True),
        Target("contactName", names="联系人|联系人姓名|姓名|contact|contact name|full name"),
        Target("contactTitle", names="职位|职务|联系人职位|title|job title|position"),
        Target(
            "contactPhone", names=("手机|手机号|电话|联系电话|联系方式|座机|phone|mobile|telephone|tel|cell"), many=True
        ),
        Target("contactEmail", names="邮箱|电子邮箱|电子邮件|email|e-mail|mail", many=True),
        Target("address", names="地址|详细地址|联系地址|address|street"),
    ),
    ImportKind.ORDERS: (
        Target("externalId", True, names=("订单编号|订单号|单号|order id|order no|order number|external id|id")),
        Target("customerExternalId", True, names=("客户编号|客户编码|客户ID|customer id|customer no|customer code")),
        Target("orderedAt", True, names=("下单时间|下单日期|订单日期|日期|order date|ordered at|date|created")),
        Target("totalAmount", names="订单金额|金额|总金额|实付金额|amount|total|order total"),
        Target("status", names="订单状态|状态|status"),
        Target("channel", names="渠道|销售渠道|来源|channel"),
        Target("currency", names="币种|货币|currency"),
        Target("sku", names="商品编码|产品编码|SKU|货号|sku|product code|item code"),
        Target("quantity", names="数量|quantity|qty"),
        Target("unitPrice", names="单价|unit price|price"),
    ),
    ImportKind.TICKETS: (
        Target("externalId", True, names=("工单编号|工单号|服务单号|ticket id|ticket no|case id|case number|id")),
        Target("customerExternalId", names="客户编号|客户编码|客户ID|customer id|customer no"),
        Target("subject", True, names="标题|主题|问题|subject|title|summary"),
        Target("description", names="描述|问题描述|详细描述|内容|description|details|body"),
        Target("category", True, names="类别|分类|问题类型|类型|category|type"),
        Target("priority", names="优先级|紧急程度|priority|urgency"),
        Target("channel", names="渠道|来源|channel|source"),
    ),
}


def normalised(text: str) -> str:
    """A header or value as compared: full-width to half-width (NFKC), case-folded, without spaces and separators."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s_\-:：()（）/\\.·*]+", "", folded)


def suggest(kind: ImportKind, headers: Sequence[str]) -> dict[str, str | None]:
    """Header -> target key (or None): an exact name first, then a name the header contains; each single-valued
    target taken by one column at most, the leftmost."""
    exact: dict[str, str] = {}
    for target in TARGETS[kind]:
        for name in target.names.split("|"):
            exact.setdefault(normalised(name), target.key)
    many = {t.key for t in TARGETS[kind] if t.many}
    taken: set[str] = set()
    result: dict[str, str | None] = {}
    for header in headers:
        key = normalised(header)
        found = exact.get(key)
        if found is None:
            found = _contained(exact, key)
        if found is not None and (found in taken and found not in many):
            found = None
        if found is not None:
            taken.add(found)
        result[header] = found
    return result


def _contained(names: Mapping[str, str], header: str) -> str | None:
    """The target of a name the header contains: the longest one it ends with (names are head-final: "联系人手机" is
    a phone, "contact email" an email), else the longest one anywhere in it."""
    inside = [(name, target) for name, target in names.items() if len(name) > 1 and name in header]
    if not inside:
        return None
    ending = [pair for pair in inside if header.endswith(pair[0])]
    return max(ending or inside, key=lambda pair: len(pair[0]))[1]


@dataclass
class Template:
    """A saved mapping: columns by header name to target keys, and per target the old values' new ones."""

    kind: ImportKind
    columns: dict[str, str | None]
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def value(self, target: str, raw: str) -> str:
        """A cell's value after the value mapping (matched on the normalised text; unmapped values stay)."""
        table = self.values.get(target)
        if not table or not raw:
            return raw
        lookup = {normalised(k): v for k, v in table.items()}
        return lookup.get(normalised(raw), raw)

    def missing(self) -> list[str]:
        """The required targets no column fills."""
        filled = {t for t in self.columns.values() if t}
        return [t.key for t in TARGETS[self.kind] if t.required and t.key not in filled]

    def unknown(self) -> list[str]:
        """Targets the mapping names that the kind does not have."""
        keys = {t.key for t in TARGETS[self.kind]}
        return sorted({t for t in self.columns.values() if t and t not in keys} | (set(self.values) - keys))


def template_from(
    kind: ImportKind, columns: Mapping[str, str | None], values: Mapping[str, Mapping[str, str]]
) -> Template:
    """A template from what the user chose."""
    return Template(kind, dict(columns), {k: dict(v) for k, v in values.items()})
