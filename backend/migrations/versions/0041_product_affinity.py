"""Product affinity: the table of mined association rules (replaced whole by each mining run) and the rules of
policy/0041_product_affinity.csv (Customer.crossSell, ProductAffinityRule, CrossSellSuggestion, ProductTarget and
the roots productAffinityRules and productTargets, for sales, marketing and analysts).

Revision ID: 0041
Revises: 0040
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0041"
down_revision: str | None = "0040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0041_product_affinity.csv"


def upgrade() -> None:
    op.create_table(
        "product_affinity_rule",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("antecedent_id", sa.Uuid(), nullable=False),
        sa.Column("consequent_id", sa.Uuid(), nullable=False),
        sa.Column("antecedent_name", sa.String(length=200), nullable=False),
        sa.Column("consequent_name", sa.String(length=200), nullable=False),
        sa.Column("basket_customers", sa.Integer(), nullable=False),
        sa.Column("antecedent_customers", sa.Integer(), nullable=False),
        sa.Column("consequent_customers", sa.Integer(), nullable=False),
        sa.Column("both_customers", sa.Integer(), nullable=False),
        sa.Column("support", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("lift", sa.Float(), nullable=False),
        sa.Column("rank", sa.String(length=12), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["antecedent_id"],
            ["product.id"],
            name=op.f("fk_product_affinity_rule_antecedent_id_product"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["consequent_id"],
            ["product.id"],
            name=op.f("fk_product_affinity_rule_consequent_id_product"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_affinity_rule")),
        sa.UniqueConstraint("antecedent_id", "consequent_id", name="uq_product_affinity_rule_pair"),
    )
    op.create_index("ix_product_affinity_rule_consequent", "product_affinity_rule", ["consequent_id", "antecedent_id"])
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_index("ix_product_affinity_rule_consequent", table_name="product_affinity_rule")
    op.drop_table("product_affinity_rule")
