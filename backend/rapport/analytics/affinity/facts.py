"""Query building blocks of product affinity for other domains (marketing's segment condition "likely buyer of a
product") and for the targeting root: the likelihood that each customer buys a product they do not have yet.

Likelihood is the noisy-OR of the confidences of the rules (A -> P) over the products A the customer has:
1 - Π(1 - confidence). One rule at 0.8 gives 0.8; two rules at 0.5 give 0.75. The strongest of those rules explains
it. Products and customers come from the customers domain's facts (`rapport.customers.affinity_facts`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, select
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.types import Uuid

from rapport.analytics.affinity.models import ProductAffinityRule
from rapport.customers.affinity_facts import owned_pairs, owned_products, product_id_by_sku

#: 1 - confidence is floored here before its logarithm (a rule at confidence 1 would otherwise be ln 0).
_FLOOR = 1e-9


def _product(product_id: Any) -> Any:
    return product_id if isinstance(product_id, ColumnElement) else literal(product_id, Uuid())


def likelihoods(product_id: Any) -> Any:
    """A subquery of (customer_id, likelihood, because_id, confidence, rules): every customer who does not have the
    product (`product_id`: a value or an SQL expression) but has the antecedent of a rule towards it; `because_id`
    and `confidence` are the strongest such rule's antecedent and confidence, `rules` how many rules apply. No row
    scope: the caller joins the customers it may see."""
    product = _product(product_id)
    owned = owned_pairs()
    rule = ProductAffinityRule
    ln_sum = func.sum(func.ln(func.greatest(1 - rule.confidence, _FLOOR)))
    strongest = aggregate_order_by(rule.antecedent_id, rule.confidence.desc(), rule.lift.desc(), rule.antecedent_id)
    because = func.array_agg(strongest, type_=ARRAY(Uuid()))[1]
    return (
        select(
            owned.c.customer_id.label("customer_id"),
            (1 - func.exp(ln_sum)).label("likelihood"),
            because.label("because_id"),
            func.max(rule.confidence).label("confidence"),
            func.count().label("rules"),
        )
        .join(rule, and_(rule.antecedent_id == owned.c.product_id, rule.consequent_id == product))
        .where(product.not_in(owned_products(owned.c.customer_id)))
        .group_by(owned.c.customer_id)
        .subquery("likelihoods")
    )


def likely_buyers(sku: str, minimum: float) -> Any:
    """Query building block: the ids of the customers whose likelihood of buying the product with this SKU (which
    they do not have) is at least `minimum` (0-1), as a SELECT for `IN` (no row scope: the caller's applies)."""
    found = likelihoods(product_id_by_sku(sku))
    return select(found.c.customer_id).where(found.c.likelihood >= minimum)
