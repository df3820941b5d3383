"""The table of mined association rules (replaced whole by each mining run)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base


class ProductAffinityRule(Base):
    """ "Customers who bought A also bought B": a product-level statistic over every customer's basket, kept only
    when at least `MIN_SUPPORT_CUSTOMERS` customers bought both. Derived data: no version, never edited; each mining
    run replaces every row in one transaction."""

    __tablename__ = "product_affinity_rule"
    __table_args__ = (
        UniqueConstraint("antecedent_id", "consequent_id", name="uq_product_affinity_rule_pair"),
        Index("ix_product_affinity_rule_consequent", "consequent_id", "antecedent_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, server_default=text("gen_random_uuid()"))
    antecedent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    consequent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    #: The products' names when mined (for the rule's sentence).
    antecedent_name: Mapped[str] = mapped_column(String(200))
    consequent_name: Mapped[str] = mapped_column(String(200))
    #: Customers with a basket at all, with A, with B, with both.
    basket_customers: Mapped[int] = mapped_column(Integer)
    antecedent_customers: Mapped[int] = mapped_column(Integer)
    consequent_customers: Mapped[int] = mapped_column(Integer)
    both_customers: Mapped[int] = mapped_column(Integer)
    #: both / basket customers; both / with A; confidence / (with B / basket customers).
    support: Mapped[float] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float)
    lift: Mapped[float] = mapped_column(Float)
    #: The rule's place among all rules (highest confidence, then lift, first) as zero-padded text: the order and
    #: cursor of the rules list (cursors hold text, times and ids).
    rank: Mapped[str] = mapped_column(String(12))
    computed_at: Mapped[datetime]
