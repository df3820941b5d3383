"""A sheet's rows as orders: rows with the same order number are one order's lines; every problem named by row and
column. Orders link to customers imported earlier by the customers' external ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from rapport.core.i18n import msg
from rapport.customers.orders import LineDraft, OrderDraft
from rapport.integrations.imports.customer_rows import Problem
from rapport.integrations.imports.mapping import Template, normalised
from rapport.integrations.imports.reader import Sheet

#: Times without a zone are taken as China Standard Time (where the old systems this imports from keep them).
DEFAULT_ZONE = ZoneInfo("Asia/Shanghai")
_DATE = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"  # the date
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"  # a time
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"  # a zone
)
STATUS_WORDS = {
    "completed": ("completed", "complete", "done", "已完成", "完成", "已签收", "交易成功"),
    "paid": ("paid", "已付款", "已支付", "付款"),
    "shipped": ("shipped", "已发货", "发货", "配送中"),
    "pending": ("pending", "待付款", "待支付", "未付款"),
    "cancelled": ("cancelled", "canceled", "已取消", "取消", "关闭"),
    "refunded": ("refunded", "已退款", "退款"),
}
CHANNEL_WORDS = {
    "online": ("online", "web", "shop", "线上", "网店", "电商", "商城", "天猫", "京东"),
    "store": ("store", "retail", "门店", "线下", "专卖店"),
    "phone": ("phone", "电话", "电销"),
    "wechat": ("wechat", "微信", "小程序"),
    "partner": ("partner", "渠道", "代理", "经销商"),
    "direct": ("direct", "直销", "大客户"),
}
#: A cell of the row being read, by target (value mapping applied).
Cell = Callable[[str], str]
_STATUS = {normalised(w): v for v, words in STATUS_WORDS.items() for w in words}
_CHANNEL = {normalised(w): v for v, words in CHANNEL_WORDS.items() for w in words}
#: The policy field each order target writes.
WRITES = {
    "externalId": "Order.externalId",
    "customerExternalId": "Order.customer",
    "orderedAt": "Order.orderedAt",
    "totalAmount": "Order.totalAmount",
    "status": "Order.status",
    "channel": "Order.channel",
    "currency": "Order.currency",
    "sku": "Order.totalAmount",
    "quantity": "Order.totalAmount",
    "unitPrice": "Order.totalAmount",
}


@dataclass
class ParsedOrder:
    """One order: the sheet rows it came from (the first names it), the draft, every problem by column."""

    rows: list[int]
    draft: OrderDraft
    problems: list[Problem] = field(default_factory=list)
    #: target -> header, to name the column of a problem the service reports by field.
    columns: dict[str, str] = field(default_factory=dict)
    cells: tuple[str, ...] = ()

    @property
    def row(self) -> int:
        """The first row of the order."""
        return self.rows[0]


def parse_time(text: str) -> datetime | None:
    """A time as old systems write it (2026-03-01, 2026/3/1 10:30, 2026年3月1日, ISO 8601), in its zone or CST."""
    found = _DATE.match(text.strip())
    if not found:
        return None
    year, month, day, hour, minute, second, zone = found.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if zone is None:
        return moment.replace(tzinfo=DEFAULT_ZONE)
    return datetime.fromisoformat(moment.isoformat() + ("+00:00" if zone == "Z" else zone[:3] + ":" + zone[-2:]))


def _amount(text: str) -> Decimal | None:
    cleaned = re.sub(r"[¥￥,，\s]|元$|CNY$|RMB$", "", text)
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def parse(sheet: Sheet, template: Template) -> list[ParsedOrder]:
    """The sheet's orders, in the order of their first rows."""
    header_of = {t: h for h, t in template.columns.items() if t}
    index = {h: i for i, h in enumerate(sheet.headers)}
    orders: dict[str, ParsedOrder] = {}
    loose: list[ParsedOrder] = []
    for n, cells in enumerate(sheet.rows):
        number = sheet.number(n)

        def cell(target: str, cells: tuple[str, ...] = cells) -> str:
            header = header_of.get(target)
            at = index.get(header, len(cells)) if header else len(cells)
            raw = cells[at].strip() if at < len(cells) else ""
            return template.value(target, raw) if raw else ""

        key = cell("externalId")
        order = orders.get(key) if key else None
        if order is None:
            draft = OrderDraft(key or None, datetime.now(DEFAULT_ZONE))
            order = ParsedOrder([number], draft, columns=header_of, cells=cells)
            _head(order, cell)
            if key:
                orders[key] = order
            else:
                loose.append(order)
        else:
            order.rows.append(number)
        sku = cell("sku")
        if sku:
            _line(order, sku, cell)
    return sorted([*orders.values(), *loose], key=lambda o: o.row)


def _head(order: ParsedOrder, get: Cell) -> None:
    draft, columns = order.draft, order.columns
    if not draft.external_id:
        order.problems.append(Problem(columns.get("externalId"), msg("Give the external id.")))
    draft.customer_external_id = get("customerExternalId") or None
    if not draft.customer_external_id:
        order.problems.append(Problem(columns.get("customerExternalId"), msg("Give the customer's external id.")))
    when = get("orderedAt")
    moment = parse_time(when) if when else None
    if moment is None:
        text = msg("{value} is not a date; write it as 2026-03-01 or 2026-03-01 10:30.", value=when or "-")
        order.problems.append(Problem(columns.get("orderedAt"), text))
    else:
        draft.ordered_at = moment
    total = get("totalAmount")
    if total:
        draft.total_amount = _amount(total)
        if draft.total_amount is None:
            order.problems.append(Problem(columns.get("totalAmount"), msg("{value} is not an amount.", value=total)))
    for target, words, attribute in (("status", _STATUS, "status"), ("channel", _CHANNEL, "channel")):
        value = get(target)
        if value:
            setattr(draft, attribute, words.get(normalised(value), value))
    currency = get("currency")
    if currency:
        draft.currency = currency


def _line(order: ParsedOrder, sku: str, get: Cell) -> None:
    quantity_text = get("quantity") or "1"
    try:
        quantity = int(Decimal(quantity_text))
    except (InvalidOperation, ValueError):
        order.problems.append(
            Problem(order.columns.get("quantity"), msg("{value} is not a quantity.", value=quantity_text))
        )
        return
    price_text = get("unitPrice")
    price = _amount(price_text) if price_text else None
    if price_text and price is None:
        order.problems.append(
            Problem(order.columns.get("unitPrice"), msg("{value} is not an amount.", value=price_text))
        )
        return
    order.draft.lines = [*(order.draft.lines or []), LineDraft(sku, quantity, price)]


def column_of(order: ParsedOrder, field_path: str | None) -> str | None:
    """The file's column of a field the order service names (`lines.0.sku` -> the SKU column)."""
    if not field_path:
        return None
    return order.columns.get(field_path.rsplit(".", 1)[-1])
