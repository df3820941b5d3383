"""Demo campaigns of the last three months, sent the way the send job sends (the same recipient checks, ledger rows,
tracking events and attribution touches), with the orders the reached customers placed afterwards.

Emails are not queued in the outbox: these messages went out in the past, and a demo must not mail anyone now."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.authz.masking import mask_email, mask_phone
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.customers.orders import LineDraft, OrderDraft, upsert_orders
from rapport.marketing.campaigns import service as campaigns
from rapport.marketing.campaigns.models import Campaign, MarketingEvent, MarketingMessage
from rapport.marketing.consent.service import settings_of
from rapport.marketing.sending import ledger
from rapport.marketing.sending.job import check_recipient
from rapport.marketing.tracking import service as tracking

#: What a person's phone or mail client says it is; and a security scanner that fetches every image of a message.
PERSON_AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
SCANNER_AGENT = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"
LANDING = "https://shop.example.cn/promo"


@dataclass(frozen=True)
class Plan:
    """One demo campaign: what it said, to whom, when, what it cost and how people answered it."""

    key: str
    name: tuple[str, str]
    goal: tuple[str, str]
    preset: str
    channel: str
    days_ago: int
    budget: int
    costs: tuple[tuple[str, str, int], ...]
    subject: tuple[str, str]
    body: tuple[str, str]
    open_rate: float
    click_rate: float
    buy_rate: float
    skus: tuple[str, ...]


PLANS: tuple[Plan, ...] = (
    Plan(
        "winback",
        ("沉睡客户唤醒短信", "Win-back SMS for dormant customers"),
        ("唤回半年未下单的老客户", "Bring back customers who have not ordered for six months"),
        "dormant_winback",
        "sms",
        74,
        8000,
        (("短信通道费", "SMS gateway fees", 1800), ("回归优惠券补贴", "Welcome-back coupon subsidy", 4500)),
        ("", ""),
        (
            "{{contact.name}}您好，好久不见！耗材套装回归价 8 折，点击领取：" + LANDING + "/winback",
            "Hi {{contact.name}}, we miss you! 20% off the consumables kit: " + LANDING + "/winback",
        ),
        0.0,
        0.22,
        0.35,
        ("SKU-5001", "SKU-3002"),
    ),
    Plan(
        "member_day",
        ("高价值客户会员日", "Member day for high-value customers"),
        ("提升高价值客户复购", "More repeat orders from high-value customers"),
        "high_value_repeat",
        "email",
        46,
        70000,
        (("邮件设计与文案", "Email design and copy", 8000), ("会员日礼品", "Member day gifts", 52000)),
        ("会员日专享：年度维护服务 9 折", "Member day: 10% off annual maintenance"),
        (
            "{{contact.name}}您好，感谢{{customer.name}}一直以来的支持。会员日专享优惠：" + LANDING + "/member-day",
            "Dear {{contact.name}}, thank you for {{customer.name}}'s loyalty. Member day offers: "
            + LANDING
            + "/member-day",
        ),
        0.55,
        0.45,
        0.5,
        ("SKU-2001", "SKU-1002", "SKU-1001"),
    ),
    Plan(
        "first_repeat",
        ("新客首购回访邮件", "Follow-up email to first-time buyers"),
        ("让新客户下第二单", "A second order from new customers"),
        "first_purchase",
        "email",
        17,
        20000,
        (
            ("邮件设计与文案", "Email design and copy", 3000),
            ("新客培训代金券", "Training vouchers for new customers", 12000),
        ),
        ("欢迎加入！为您推荐培训课程", "Welcome! A training course for your team"),
        (
            "{{contact.name}}您好，欢迎成为我们的客户。新客专享培训课程：" + LANDING + "/welcome",
            "Hi {{contact.name}}, welcome aboard. A training course for new customers: " + LANDING + "/welcome",
        ),
        0.6,
        0.5,
        0.6,
        ("SKU-4001", "SKU-2002"),
    ),
    Plan(
        "double12",
        ("双十二预热短信", "Double 12 warm-up SMS"),
        ("双十二大促预热", "Warm-up for the Double 12 sale"),
        "high_value_repeat",
        "sms",
        4,
        15000,
        (("短信通道费", "SMS gateway fees", 2400), ("限时直降补贴", "Sale price subsidy", 9600)),
        ("", ""),
        (
            "{{contact.name}}您好，双十二智能终端限时直降，点击查看：" + LANDING + "/double12",
            "Hi {{contact.name}}, Double 12: smart terminals on sale, see " + LANDING + "/double12",
        ),
        0.0,
        0.18,
        0.4,
        ("SKU-3001", "SKU-3002"),
    ),
)


def _at_local(days_ago: int, hour: int, now: datetime) -> datetime:
    """`days_ago` days before now at `hour` o'clock in the business time zone (outside quiet hours)."""
    local = (now - timedelta(days=days_ago)).astimezone(clock.BUSINESS_TZ)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def _costs(plan: Plan, zh: bool) -> list[tuple[str, int]]:
    return [(zh_label if zh else en_label, amount) for zh_label, en_label, amount in plan.costs]


async def _create(
    session: AsyncSession, plan: Plan, segment_id: uuid.UUID, people: dict[str, Principal], zh: bool, at: datetime
) -> Campaign:
    marketer, manager = people["marketing"], people["manager"]
    pick = 0 if zh else 1
    contents = [
        campaigns.ContentDraft(plan.channel, locale, plan.subject[i] or None, plan.body[i])
        for i, locale in enumerate(("zh-CN", "en"))
    ]
    values = {
        "name": plan.name[pick],
        "goal": plan.goal[pick],
        "channels": [plan.channel],
        "budget": Decimal(plan.budget),
        "segment_id": segment_id,
    }
    with clock.frozen_at(at - timedelta(days=3)):
        campaign = await campaigns.save_campaign(session, marketer, None, None, values, contents)
    # Approved and scheduled at one instant: the approval covers the recipients counted then, and a dynamic
    # segment's members (e.g. "no order for 90 days") or consents counted a day apart can differ, which (above the
    # approval threshold, as with `rapport seed --customers 7000`) refused the schedule.
    with clock.frozen_at(at - timedelta(hours=2)):
        await campaigns.approve(session, manager, campaign.id)
        await campaigns.schedule(session, marketer, campaign.id, at)
    for i, (label, amount) in enumerate(_costs(plan, zh)):
        on = (at + timedelta(days=i)).astimezone(clock.BUSINESS_TZ).date()
        await campaigns.add_cost(
            session,
            marketer,
            campaign.id,
            label,
            Decimal(amount),
            min(on, clock.now().astimezone(clock.BUSINESS_TZ).date()),
        )
    return campaign


async def _deliver(session: AsyncSession, row: MarketingMessage, address: str, at: datetime) -> None:
    """What the send job and the channel's answer leave on a row that went out."""
    row.status, row.sent_at, row.delivered_at, row.attempts = "sent", at, at + timedelta(seconds=5), 1
    row.address_masked = mask_email(address) if row.channel == "email" else mask_phone(address)
    session.add(MarketingEvent(id=uuid7(), message_id=row.id, kind="delivered", at=at + timedelta(seconds=5)))
    await tracking.touched(session, row, "message_delivered", at + timedelta(seconds=5))


async def _event(session: AsyncSession, row: MarketingMessage, kind: str, at: datetime, agent: str) -> None:
    with clock.frozen_at(at):
        url = f"{LANDING}/{row.campaign_id}" if kind == "clicked" else None
        await tracking.record(session, row.id, kind, agent, url)


async def send_campaign(
    session: AsyncSession,
    plan: Plan,
    segment_id: uuid.UUID,
    people: dict[str, Principal],
    zh: bool,
    rng: random.Random,
    counts: dict[str, int],
) -> list[tuple[uuid.UUID, datetime, str]]:
    """Create, approve and send one campaign in the past; the (customer, moment of response, plan) of those who
    clicked."""
    now = clock.now()
    at = _at_local(plan.days_ago, 10, now)
    campaign = await _create(session, plan, segment_id, people, zh, at)
    campaign.status, campaign.started_at, campaign.prepared_at = "sending", at, at
    await ledger.write_recipients(session, campaign, at)
    setting = await settings_of(session)
    rows = (
        await session.scalars(
            select(MarketingMessage)
            .where(MarketingMessage.campaign_id == campaign.id)
            .order_by(MarketingMessage.contact_id)
        )
    ).all()
    clicked: list[tuple[uuid.UUID, datetime, str]] = []
    for position, row in enumerate(rows):
        sent_at = at + timedelta(seconds=position * 2)
        recipient, reason = await check_recipient(session, row, setting, sent_at)
        if reason == "deferred" and row.next_attempt_at is not None:
            # Quiet hours where the contact is (a zone abroad): the send job sends it when they end there.
            sent_at = row.next_attempt_at
            recipient, reason = await check_recipient(session, row, setting, sent_at)
        if recipient is None:
            row.status, row.skip_reason = "skipped", reason
            counts["skipped"] += 1
            continue
        row.locale = recipient.language if recipient.language in ("zh-CN", "en") else "zh-CN"
        address = recipient.email if row.channel == "email" else recipient.phone
        assert address is not None
        if row.channel == "email" and rng.random() < 0.03:
            row.status, row.sent_at, row.attempts = "sent", sent_at, 1
            row.address_masked = mask_email(address)
            with clock.frozen_at(sent_at + timedelta(minutes=1)):
                await tracking.bounce(session, row.id, "550 5.1.1 mailbox unavailable")
            counts["bounced"] += 1
            continue
        await _deliver(session, row, address, sent_at)
        counts["sent"] += 1
        if row.channel == "email" and rng.random() < 0.08:  # a mail scanner fetches the pixel at once
            await _event(session, row, "opened", sent_at + timedelta(seconds=20), SCANNER_AGENT)
        seen = sent_at + timedelta(minutes=rng.randrange(10, 36 * 60))
        if seen >= now:  # not read yet
            continue
        if row.channel == "email":
            if rng.random() >= plan.open_rate:
                continue
            await _event(session, row, "opened", seen, PERSON_AGENT)
            counts["opened"] += 1
        if rng.random() >= plan.click_rate:
            continue
        click = seen + timedelta(minutes=rng.randrange(1, 30))
        if click >= now:
            continue
        await _event(session, row, "clicked", click, PERSON_AGENT)
        counts["clicked"] += 1
        if rng.random() < 0.04:
            with clock.frozen_at(click + timedelta(minutes=2)):
                await tracking.unsubscribe(session, row.id)
            counts["unsubscribed"] += 1
            continue
        clicked.append((row.customer_id, click, plan.key))
    campaign.status, campaign.finished_at = "done", at + timedelta(seconds=len(rows) * 2 + 60)
    campaign.version += 1
    return clicked


async def place_orders(
    session: AsyncSession,
    admin: Principal,
    clicked: list[tuple[uuid.UUID, datetime, str]],
    rng: random.Random,
) -> int:
    """Some of those who clicked ordered within days (external ids `demo-mkt-<n>`: placing them twice changes
    nothing)."""
    plans = {plan.key: plan for plan in PLANS}
    now = clock.now()
    drafts: list[OrderDraft] = []
    buyers: set[uuid.UUID] = set()
    for customer_id, click, key in clicked:
        plan = plans[key]
        if customer_id in buyers or rng.random() >= plan.buy_rate:
            continue
        ordered = min(click + timedelta(hours=rng.randrange(1, 96)), now - timedelta(minutes=30))
        if ordered <= click:
            continue
        buyers.add(customer_id)
        sku = rng.choice(plan.skus)
        drafts.append(
            OrderDraft(
                external_id=f"demo-mkt-{key}-{len(drafts) + 1}",
                ordered_at=ordered,
                customer_id=customer_id,
                channel=rng.choice(["online", "wechat"]),
                lines=[LineDraft(sku, rng.choice([1, 1, 2, 3]))],
            )
        )
    results = await upsert_orders(session, admin, drafts)
    return sum(1 for result in results if result.order is not None)


def report_counts() -> dict[str, Any]:
    """The counters `send_campaign` fills."""
    return dict.fromkeys(("sent", "skipped", "bounced", "opened", "clicked", "unsubscribed"), 0)
