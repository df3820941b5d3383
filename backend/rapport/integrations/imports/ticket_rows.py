"""A sheet's rows as tickets, every problem named by row and column. Tickets link to customers imported earlier by
the customers' external ids; priorities and channels are read in the words old help desks use (zh-CN and en), after
the template's value mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapport.core import external_ids
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg
from rapport.integrations.imports.customer_rows import Problem
from rapport.integrations.imports.mapping import Template, normalised
from rapport.integrations.imports.order_rows import Cell
from rapport.integrations.imports.reader import Sheet
from rapport.support.workflow.upsert import TicketUpsert

PRIORITY_WORDS = {
    "urgent": ("urgent", "critical", "blocker", "p1", "紧急", "特急", "非常紧急", "加急"),
    "high": ("high", "p2", "高", "较高", "重要"),
    "normal": ("normal", "medium", "p3", "中", "一般", "普通", "正常"),
    "low": ("low", "p4", "低", "较低", "不急"),
}
CHANNEL_WORDS = {
    "phone": ("phone", "call", "hotline", "电话", "热线", "呼叫中心", "400电话"),
    "email": ("email", "e-mail", "mail", "邮件", "电子邮件", "邮箱"),
    "web": ("web", "website", "网站", "官网", "网页", "在线"),
    "portal": ("portal", "门户", "自助门户", "客户门户"),
    "wechat": ("wechat", "weixin", "微信", "公众号", "小程序", "企业微信"),
    "api": ("api", "接口", "系统"),
}
_PRIORITY = {normalised(w): v for v, words in PRIORITY_WORDS.items() for w in words}
_CHANNEL = {normalised(w): v for v, words in CHANNEL_WORDS.items() for w in words}
#: The policy field each ticket target writes.
WRITES = {
    "externalId": "Ticket.externalId",
    "customerExternalId": "Ticket.customer",
    "subject": "Ticket.subject",
    "description": "Ticket.description",
    "category": "Ticket.category",
    "priority": "Ticket.priority",
    "channel": "Ticket.channel",
}


@dataclass
class ParsedTicket:
    """One ticket row: its number as a spreadsheet shows it, the upsert it asks for, every problem by column."""

    row: int
    draft: TicketUpsert
    problems: list[Problem] = field(default_factory=list)
    #: target -> header, to name the column of a problem the ticket service reports by field.
    columns: dict[str, str] = field(default_factory=dict)
    cells: tuple[str, ...] = ()


def parse(sheet: Sheet, template: Template) -> list[ParsedTicket]:
    """The sheet's tickets in row order; an external id given by an earlier row is a problem of the later one."""
    header_of = {t: h for h, t in template.columns.items() if t}
    index = {h: i for i, h in enumerate(sheet.headers)}
    first_row: dict[str, int] = {}
    tickets: list[ParsedTicket] = []
    for n, cells in enumerate(sheet.rows):

        def cell(target: str, cells: tuple[str, ...] = cells) -> str:
            header = header_of.get(target)
            at = index.get(header, len(cells)) if header else len(cells)
            raw = cells[at].strip() if at < len(cells) else ""
            return template.value(target, raw).strip() if raw else ""

        ticket = ParsedTicket(sheet.number(n), TicketUpsert(None, cell("subject"), cell("category")), [], header_of)
        ticket.cells = cells
        _fill(ticket, cell)
        key = ticket.draft.external_id
        if key is not None and key in first_row:
            text = msg("Row {row} has the same external id; give each ticket its own.", row=first_row[key])
            ticket.problems.append(Problem(header_of.get("externalId"), text))
        elif key is not None:
            first_row[key] = ticket.row
        tickets.append(ticket)
    return tickets


def _fill(ticket: ParsedTicket, get: Cell) -> None:
    draft, columns, problems = ticket.draft, ticket.columns, ticket.problems
    try:
        draft.external_id = external_ids.clean(get("externalId"))
    except BadUserInputError as error:
        problems.append(Problem(columns.get("externalId"), error.text))
    else:
        if draft.external_id is None:
            problems.append(Problem(columns.get("externalId"), msg("Give the external id.")))
    if not draft.subject:
        problems.append(Problem(columns.get("subject"), msg("Give the ticket a subject.")))
    if not draft.category:
        problems.append(Problem(columns.get("category"), msg("Choose a category.")))
    description = get("description")
    if description:
        draft.description = description
    customer = get("customerExternalId")
    if customer:
        draft.customer_external_id = customer
    priority = get("priority")
    if priority:
        draft.priority = _PRIORITY.get(normalised(priority))
        if draft.priority is None:
            text = msg("{value} is not a priority; map it to low, normal, high or urgent.", value=priority)
            problems.append(Problem(columns.get("priority"), text))
    channel = get("channel")
    if channel:
        known = _CHANNEL.get(normalised(channel))
        if known is None:
            text = msg("{value} is not a channel; map it to phone, email, web, portal, wechat or api.", value=channel)
            problems.append(Problem(columns.get("channel"), text))
        else:
            draft.channel = known


def column_of(ticket: ParsedTicket, field_path: str | None) -> str | None:
    """The file's column of a field the ticket service names (`customerExternalId` -> the customer id column)."""
    if not field_path:
        return None
    return ticket.columns.get("customerExternalId" if field_path == "customerId" else field_path)
