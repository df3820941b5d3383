"""Opportunities and pipeline stages as SQL for the compiled read path, scoped as their loaders."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from rapport.core.principal import Principal
from rapport.customers.projections import customer_of
from rapport.graphql.projections import Arguments, Relation, Rows, project, relation
from rapport.identity.projections import by_team_id, by_user_id
from rapport.sales import models, types
from rapport.sales.loaders import PER_CUSTOMER
from rapport.sales.repository import OPPORTUNITIES_NEWEST_FIRST, visible_opportunities

project("Opportunity", models.Opportunity, types.Opportunity)
project("PipelineStage", models.PipelineStage, types.PipelineStage)


def _customer_opportunities(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    # As `opportunities_by_customer_id`: visible deals, newest first, at most PER_CUSTOMER.
    opportunity = models.Opportunity
    statement = select(opportunity).where(opportunity.customer_id == customer.id, visible_opportunities(principal))
    return Rows(statement, OPPORTUNITIES_NEWEST_FIRST, PER_CUSTOMER)


def _stage(opportunity: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    return Rows(select(models.PipelineStage).where(models.PipelineStage.id == opportunity.stage_id))


relation("Customer", "opportunities", Relation("Opportunity", "list", _customer_opportunities))
relation("Opportunity", "stage", Relation("PipelineStage", "one", _stage))
relation("Opportunity", "customer", Relation("Customer", "one", customer_of))
relation("Opportunity", "owner", Relation("User", "one", by_user_id("owner_id")))
relation("Opportunity", "team", Relation("Team", "one", by_team_id("team_id")))
