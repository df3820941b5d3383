"""Which products demo customers buy: product families with planted affinity, so that association mining finds
real rules in a fresh seed (e.g. about 80 % of the customers who buy a smart terminal also buy a barcode scanner).

Each customer with two orders or more starts from an anchor product (sometimes two), adds each of its accessories
with that family's probability, and sometimes a product at random (noise); one-off buyers take an add-on. Their
orders take the plan's products in turn (an anchor, then its accessories), then repeat products of the plan.
Products that are not the demo catalogue's are picked at random. A fresh 200-customer seed mines rules such as
"78 % of the customers who bought the enterprise licence also bought annual maintenance" (32 customers).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from decimal import Decimal

#: Anchor SKU -> (how often customers start from it, its accessories and the probability of buying each).
FAMILIES: dict[str, tuple[float, tuple[tuple[str, float], ...]]] = {
    "SKU-3001": (0.35, (("SKU-3002", 0.9), ("SKU-5001", 0.6))),  # smart terminal -> scanner, consumables
    "SKU-1001": (0.3, (("SKU-2001", 0.9), ("SKU-2002", 0.5))),  # enterprise licence -> maintenance, implementation
    "SKU-1002": (0.35, (("SKU-4001", 0.75),)),  # standard licence -> training
}
SECOND_ANCHOR = 0.2
NOISE = 0.25


def _demo_id(sku: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"rapport-demo-product:{sku}")


def basket(
    rng: random.Random, products: Sequence[tuple[uuid.UUID, Decimal]], n_orders: int
) -> list[tuple[uuid.UUID, Decimal]]:
    """The product (id, unit price) of each of a customer's `n_orders` orders."""
    if n_orders <= 0:
        return []
    prices = dict(products)
    anchors = [sku for sku in FAMILIES if _demo_id(sku) in prices]
    if not anchors:
        return [rng.choice(products) for _ in range(n_orders)]
    if n_orders == 1:  # one-off buyers take an add-on, not a system they would equip later
        extras = [pid for pid, _ in products if pid not in {_demo_id(sku) for sku in anchors}] or [
            p for p, _ in products
        ]
        pid = rng.choice(extras)
        return [(pid, prices[pid])]
    weights = [FAMILIES[sku][0] for sku in anchors]
    chosen = [rng.choices(anchors, weights)[0]]
    if rng.random() < SECOND_ANCHOR:
        chosen.append(rng.choices(anchors, weights)[0])
    plan: list[uuid.UUID] = []
    for sku in dict.fromkeys(chosen):  # each anchor, then its accessories
        plan += [_demo_id(sku), *(_demo_id(extra) for extra, chance in FAMILIES[sku][1] if rng.random() < chance)]
    if rng.random() < NOISE:
        plan.append(rng.choice(products)[0])
    plan = [pid for pid in dict.fromkeys(plan) if pid in prices]
    picked = plan[:n_orders] + [rng.choice(plan) for _ in range(n_orders - len(plan))]
    return [(pid, prices[pid]) for pid in picked]
