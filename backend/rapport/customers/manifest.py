"""The customer graph's manifest: customers, contacts, tags, orders, merge, RFM and data subject rights."""

from __future__ import annotations

from rapport.customers import jobs, models
from rapport.customers.authz import ARGUMENT_RULES, INPUT_TARGETS
from rapport.customers.duplicates_api import ROOTS as DUPLICATE_ROOTS
from rapport.customers.duplicates_api import DuplicateQuery
from rapport.customers.mutations import CustomerMutation
from rapport.customers.policy import POLICY_FIELDS
from rapport.customers.privacy_api import PrivacyMutation, PrivacyQuery
from rapport.customers.queries import ROOTS, CustomerQuery
from rapport.customers.regions_api import ROOTS as REGION_ROOTS
from rapport.customers.regions_api import RegionQuery
from rapport.customers.repository import ROW_SCOPES
from rapport.customers.repository.reads import last_order_at
from rapport.customers.repository.timeline import order_entries
from rapport.customers.service import ENCRYPTED, DuplicateRow
from rapport.customers.sync_api import SyncMutation
from rapport.customers.types import (
    NODES,
    Contact,
    ContributionRank,
    Customer,
    CustomerDuplicate,
    Order,
    OrderSummary,
    Product,
    Rfm,
    Tag,
)
from rapport.graphql.declare import Table
from rapport.manifest import CustomerEvent, Manifest, TimelineSource

MANIFEST = Manifest(
    name="customers",
    policy_fields=POLICY_FIELDS,
    queries=(CustomerQuery, DuplicateQuery, RegionQuery, PrivacyQuery),
    mutations=(CustomerMutation, PrivacyMutation, SyncMutation),
    types=(Customer, Contact, Order, Tag, Product),
    tables=(
        Table(Customer, models.Customer),
        Table(Contact, models.Contact),
        Table(Tag, models.Tag),
        Table(Order, models.Order),
        Table(Product, models.Product),
        Table(OrderSummary, models.CustomerOrderTotals),
        Table(Rfm, models.CustomerScore),
        Table(ContributionRank, models.CustomerRanks),
        Table(CustomerDuplicate, DuplicateRow),
    ),
    roots={**ROOTS, **REGION_ROOTS, **DUPLICATE_ROOTS},
    nodes=NODES,
    jobs=(jobs.rfm_refresh,),
    # Orders sit after activities and before tickets in the `TimelineEntry` union (the schema's order).
    timeline_sources=(TimelineSource("order", order_entries, None, entry=Order, before="ticket"),),
    row_scopes=ROW_SCOPES,
    argument_rules=ARGUMENT_RULES,
    input_targets=INPUT_TARGETS,
    encrypted=ENCRYPTED,
    customer_events=(CustomerEvent("order", last_order_at),),
)
