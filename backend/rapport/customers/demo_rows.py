"""Demo customers as rows: deterministic for a random seed, with contacts, tags, orders, activities and tasks."""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson
from faker import Faker

from rapport.core.crypto import vault
from rapport.core.text import search_tokens
from rapport.customers import demo_data as vocab
from rapport.customers.demo_baskets import basket
from rapport.customers.demo_lifecycle import order_times
from rapport.customers.names import name_keys
from rapport.customers.service import contact_point_digests


@dataclass(frozen=True)
class Owner:
    """A sales user who can own demo customers."""

    user_id: uuid.UUID
    team_id: uuid.UUID | None


@dataclass
class Rows:
    """One chunk of demo rows, by table, ready for COPY."""

    customers: list[tuple[Any, ...]] = field(default_factory=list)
    contacts: list[tuple[Any, ...]] = field(default_factory=list)
    points: list[tuple[Any, ...]] = field(default_factory=list)
    tags: list[tuple[Any, ...]] = field(default_factory=list)
    orders: list[tuple[Any, ...]] = field(default_factory=list)
    lines: list[tuple[Any, ...]] = field(default_factory=list)
    activities: list[tuple[Any, ...]] = field(default_factory=list)
    tasks: list[tuple[Any, ...]] = field(default_factory=list)


#: The name's keys for the duplicate finder, in `names.name_keys` order.
NAME_KEYS = tuple(name_keys(""))
CUSTOMER_COLUMNS = (
    "id",
    "version",
    "created_at",
    "updated_at",
    "kind",
    "name",
    "status",
    "grade",
    "source",
    "industry",
    "province",
    "city",
    "size",
    "gender",
    "birth_date",
    "occupation",
    "education",
    "marital_status",
    "credit_rating",
    "risk_level",
    "id_number_enc",
    "address_enc",
    "owner_id",
    "team_id",
    "pool_status",
    "owned_since",
    "last_follow_up_at",
    "last_activity_at",
    "merged_into_id",
    "archived_at",
    "created_by_id",
    "search_tokens",
    *NAME_KEYS,
)
CONTACT_COLUMNS = (
    "id",
    "version",
    "created_at",
    "updated_at",
    "customer_id",
    "name",
    "title",
    "is_primary",
    "phones_enc",
    "emails_enc",
    "search_tokens",
    "time_zone",
)
# Every OVERSEAS_EVERY-th contact lives abroad (by a counter, not the random stream, so the rest stays as it was):
# marketing's quiet hours are counted in their zone.
OVERSEAS_ZONES = ("America/Los_Angeles", "Europe/Berlin")
OVERSEAS_EVERY = 25
POINT_COLUMNS = ("contact_id", "kind", "digest", "customer_id")
TAG_COLUMNS = ("customer_id", "tag_id", "created_at")
ORDER_COLUMNS = (
    "id",
    "version",
    "created_at",
    "updated_at",
    "number",
    "customer_id",
    "channel",
    "status",
    "ordered_at",
    "total_amount",
    "currency",
)
LINE_COLUMNS = ("id", "order_id", "product_id", "quantity", "unit_price", "amount")
ACTIVITY_COLUMNS = (
    "id",
    "customer_id",
    "contact_id",
    "kind",
    "subject",
    "body",
    "outcome",
    "occurred_at",
    "actor_id",
    "created_at",
)
TASK_COLUMNS = (
    "id",
    "version",
    "created_at",
    "updated_at",
    "customer_id",
    "assignee_id",
    "created_by_id",
    "title",
    "notes",
    "due_at",
    "remind_at",
    "reminded_at",
    "done_at",
)


class DemoCustomers:
    """Generates customers with contacts, tags, three years of orders, activities and tasks."""

    def __init__(self, *, locale: str, random_seed: int, owners: Sequence[Owner], now: datetime) -> None:
        self.zh = locale.startswith("zh")
        self.rng = random.Random(random_seed)  # noqa: S311 - demo data, not secrets
        self.faker = Faker("zh_CN" if self.zh else "en_US")
        self.faker.seed_instance(random_seed)
        self.owners = list(owners)
        self.now = now
        self.start = now - timedelta(days=3 * 365)
        self.person_names = [self.faker.name() for _ in range(3000)]
        self.company_names = [self.faker.company() for _ in range(1500)] if not self.zh else []
        self.order_number = 0
        self.contact_number = 0
        self.cipher, self.blind = vault().cipher, vault().blind
        self._last_company: tuple[uuid.UUID, str, str] | None = None

    def _id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _pick(self, pair: tuple[str | None, str | None]) -> str | None:
        return pair[0] if self.zh else pair[1]

    def _phone(self) -> str:
        return f"+861{self.rng.choice('3589')}{self.rng.randrange(10**9):09d}"

    def _moment(self, after: datetime) -> datetime:
        """A time after `after`, months weighted by the retail season."""
        span = (self.now - after).total_seconds()
        for _ in range(4):
            moment = after + timedelta(seconds=self.rng.random() * span)
            if self.rng.random() * 16 < vocab.MONTH_WEIGHTS[moment.month - 1]:
                return moment
        return moment

    def _encrypt_list(self, values: list[str], column: str, row_id: uuid.UUID) -> bytes | None:
        if not values:
            return None
        return self.cipher.encrypt(orjson.dumps(values).decode(), table="contact", column=column, row_id=row_id)

    def _company_name(self, city: str) -> str:
        if self.zh:
            word, suffix = self.rng.choice(vocab.COMPANY_WORDS_ZH), self.rng.choice(vocab.COMPANY_SUFFIXES_ZH)
            return f"{city.removesuffix('市')}{word}{suffix}"
        return self.rng.choice(self.company_names)

    def customer(self, rows: Rows, tag_ids: Sequence[uuid.UUID], products: Sequence[tuple[uuid.UUID, Decimal]]) -> None:
        """Generate one customer and its children into `rows`."""
        rng = self.rng
        cid = self._id()
        province = rng.choices(list(vocab.REGIONS), weights=vocab.REGION_WEIGHTS)[0]
        province_en, cities = vocab.REGIONS[province]
        city_zh, city_en = rng.choice(cities)
        city = city_zh if self.zh else city_en
        person = rng.random() < 0.3
        duplicate_of = self._last_company if (not person and self._last_company and rng.random() < 0.01) else None
        if person:
            name = rng.choice(self.person_names)
        elif duplicate_of is not None:
            name = duplicate_of[1] + (" " if not self.zh else "") + ("（分公司）" if self.zh else "Branch")
        else:
            name = self._company_name(city_zh)
        owner = rng.choice(self.owners)
        created = self.start + timedelta(seconds=rng.random() * (self.now - self.start).total_seconds() * 0.8)
        gender = rng.choice(["male", "female"]) if person else None
        birth = date(rng.randrange(1955, 2004), rng.randrange(1, 13), rng.randrange(1, 29)) if person else None
        id_number = None
        if person and birth is not None:
            id_number = (
                f"{rng.randrange(110000, 659000)}{birth:%Y%m%d}{rng.randrange(1000):03d}{rng.choice('0123456789X')}"
            )
        # contacts
        contact_ids: list[uuid.UUID] = []
        n_contacts = 1 if person else rng.choice([1, 1, 2, 2, 3])
        for i in range(n_contacts):
            contact_id = self._id()
            contact_name = name if person else rng.choice(self.person_names)
            phones = [self._phone()]
            if duplicate_of is not None and i == 0:
                phones = [duplicate_of[2]]  # planted duplicate: the same number as the original company
            emails = [f"{self.faker.user_name()}{rng.randrange(100)}@{self.faker.free_email_domain()}"]
            self.contact_number += 1
            abroad, offset = divmod(self.contact_number, OVERSEAS_EVERY)
            zone = OVERSEAS_ZONES[abroad % len(OVERSEAS_ZONES)] if offset == OVERSEAS_EVERY // 2 else None
            rows.contacts.append(
                (
                    contact_id,
                    1,
                    created,
                    created,
                    cid,
                    contact_name,
                    None
                    if person
                    else self._pick(
                        rng.choice(
                            [
                                ("总经理", "CEO"),
                                ("采购经理", "Purchasing manager"),
                                ("技术总监", "CTO"),
                                ("财务", "Finance"),
                            ]
                        )
                    ),
                    i == 0,
                    self._encrypt_list(phones, "phones", contact_id),
                    self._encrypt_list(emails, "emails", contact_id),
                    search_tokens(contact_name),
                    zone,
                )
            )
            rows.points.extend((contact_id, k, d, cid) for k, d in set(contact_point_digests(phones, emails)))
            contact_ids.append(contact_id)
            if i == 0 and not person and duplicate_of is None:
                self._last_company = (cid, name, phones[0])
        # orders following the customer's lifecycle (`demo_lifecycle`: steady, slow, declining, sudden, recovering)
        last_order = None
        times = order_times(cid, created, self.now)  # oldest first: a basket's accessories follow its anchor
        plan = basket(rng, products, len(times))
        for at, (product_id, price) in zip(times, plan, strict=True):
            self.order_number += 1
            oid = self._id()
            qty = max(1, int(rng.lognormvariate(0.5, 0.8)))
            amount = (price * qty).quantize(Decimal("0.01"))
            status = rng.choices(["completed", "paid", "shipped", "cancelled", "refunded"], weights=[80, 6, 4, 7, 3])[0]
            rows.orders.append(
                (
                    oid,
                    1,
                    at,
                    at,
                    f"SO-{at:%Y%m}-{self.order_number:07d}",
                    cid,
                    rng.choice(["online", "store", "phone", "wechat", "partner"]),
                    status,
                    at,
                    amount,
                    "CNY",
                )
            )
            rows.lines.append((self._id(), oid, product_id, qty, price, amount))
            last_order = at if last_order is None or at > last_order else last_order
        # activities
        n_activities = int(rng.expovariate(1 / 10))
        last_activity = None
        for _ in range(n_activities):
            kind = rng.choice(list(vocab.ACTIVITY_SUBJECTS))
            at = self._moment(created)
            rows.activities.append(
                (
                    self._id(),
                    cid,
                    rng.choice(contact_ids),
                    kind,
                    self._pick(rng.choice(vocab.ACTIVITY_SUBJECTS[kind])),
                    None,
                    self._pick(rng.choice(vocab.OUTCOMES)),
                    at,
                    owner.user_id,
                    at,
                )
            )
            last_activity = at if last_activity is None or at > last_activity else last_activity
        # Most owners followed up lately; the rest drift towards the public pool (the demo shows it filling).
        if rng.random() < 0.85:
            at = max(created, self.now - timedelta(days=rng.uniform(0, 25)))
            kind = rng.choice(list(vocab.ACTIVITY_SUBJECTS))
            rows.activities.append(
                (
                    self._id(),
                    cid,
                    rng.choice(contact_ids),
                    kind,
                    self._pick(rng.choice(vocab.ACTIVITY_SUBJECTS[kind])),
                    None,
                    self._pick(rng.choice(vocab.OUTCOMES)),
                    at,
                    owner.user_id,
                    at,
                )
            )
            last_activity = at if last_activity is None or at > last_activity else last_activity
        if rng.random() < 0.2:
            due = self.now + timedelta(days=rng.randrange(-5, 20), hours=rng.randrange(8))
            rows.tasks.append(
                (
                    self._id(),
                    1,
                    self.now,
                    self.now,
                    cid,
                    owner.user_id,
                    owner.user_id,
                    self._pick(rng.choice(vocab.TASK_TITLES)),
                    None,
                    due,
                    due - timedelta(hours=2),
                    None,
                    None,
                )
            )
        for tag_id in rng.sample(list(tag_ids), k=rng.choice([0, 0, 1, 1, 2])):
            rows.tags.append((cid, tag_id, created))
        status = (
            "active"
            if last_order and (self.now - last_order).days < 365
            else rng.choice(["prospect", "dormant", "lost"])
        )
        rows.customers.append(
            (
                cid,
                1,
                created,
                created,
                "person" if person else "company",
                name,
                status,
                rng.choices(["A", "B", "C", "D", None], weights=[10, 25, 35, 20, 10])[0],
                self._pick(rng.choice(vocab.SOURCES)),
                self._pick(rng.choice(vocab.INDUSTRIES)) if not person else None,
                province if self.zh else province_en,
                city,
                None if person else rng.choice(vocab.SIZES),
                gender,
                birth,
                self._pick(rng.choice(vocab.OCCUPATIONS)) if person else None,
                self._pick(rng.choice(vocab.EDUCATION)) if person else None,
                rng.choice(["single", "married", "married", "divorced"]) if person else None,
                rng.choice(["AAA", "AA", "A", "BBB", "BB", None]),
                rng.choice(["low", "low", "medium", "high"]),
                self.cipher.encrypt(id_number, table="customer", column="id_number", row_id=cid) if id_number else None,
                self.cipher.encrypt(self.faker.street_address(), table="customer", column="address", row_id=cid),
                owner.user_id,
                owner.team_id,
                "private",
                created,
                last_activity,
                last_activity,
                None,
                None,
                owner.user_id,
                search_tokens(name),
                *name_keys(name).values(),
            )
        )
