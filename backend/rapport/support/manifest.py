"""The service desk's manifest: tickets, SLAs, routing, CSAT, the knowledge base and the portal.

Everything the domain adds to Rapport is named here; importing its modules registers nothing.
"""

from __future__ import annotations

from rapport.core.mail.models import OutboundEmail
from rapport.customers.types import Customer
from rapport.graphql.declare import Contribution, Table
from rapport.graphql.kit import node_fetcher
from rapport.identity.service import user_model
from rapport.manifest import CustomerEvent, Manifest, RelatedScope, TimelineSource
from rapport.support import models, scopes
from rapport.support.admin.mutations import RulesMutation
from rapport.support.admin.queries import ROOTS as RULES_ROOTS
from rapport.support.admin.queries import RulesQuery
from rapport.support.admin.types import BusinessCalendar, RoutingRule, ServiceAgent, SlaPolicy
from rapport.support.authz import ARGUMENT_RULES, INPUT_TARGETS
from rapport.support.kb.mutations import KbMutation
from rapport.support.kb.queries import ROOTS as KB_ROOTS
from rapport.support.kb.queries import KbQuery
from rapport.support.kb.types import KbArticle
from rapport.support.loaders import ticket_by_id
from rapport.support.lookup.jobs import caller_grant_expiry
from rapport.support.lookup.mutations import LookupMutation
from rapport.support.lookup.privacy import PHONE_LOOKUPS
from rapport.support.merge import move_on_merge, portal_contacts, repoint_contact_on_merge
from rapport.support.messages.privacy import EMAILS
from rapport.support.messages.types import CustomerMessage
from rapport.support.policy import POLICY_FIELDS
from rapport.support.portal.mutations import PortalMutation
from rapport.support.queries import ROOTS, TicketQuery
from rapport.support.repository import last_ticket_at, timeline_tickets
from rapport.support.sla.jobs import sla_check
from rapport.support.stats.queries import ROOTS as STATS_ROOTS
from rapport.support.stats.queries import StatsQuery
from rapport.support.subscriptions import SupportSubscription
from rapport.support.survey.mutations import SurveyMutation
from rapport.support.survey.queries import SurveyQuery
from rapport.support.types import (
    Ticket,
    TicketComment,
    TicketHistoryEntry,
    TicketSla,
    customer_tickets,
)
from rapport.support.workflow.jobs import ticket_autoclose
from rapport.support.workflow.mutations import WorkflowMutation
from rapport.support.workflow.sync_api import TicketSyncMutation

MANIFEST = Manifest(
    name="support",
    # The root fields, in the schema's order.
    queries=(TicketQuery, KbQuery, SurveyQuery, StatsQuery, RulesQuery),
    mutations=(
        WorkflowMutation,
        TicketSyncMutation,
        LookupMutation,
        SurveyMutation,
        KbMutation,
        PortalMutation,
        RulesMutation,
    ),
    subscriptions=(SupportSubscription,),
    types=(Ticket, TicketComment, KbArticle),
    # The types compiled roots reach. Agent profiles are declared on their fields too (`FromRow`), but only the
    # resolvers read them (a mutation's payload): no compiled root leads there.
    tables=(
        Table(Ticket, models.Ticket),
        Table(TicketSla, models.Ticket),
        Table(TicketComment, models.TicketComment),
        Table(TicketHistoryEntry, models.TicketEvent),
        Table(KbArticle, models.KbArticle),
        Table(CustomerMessage, OutboundEmail),
        Table(ServiceAgent, user_model()),
        Table(RoutingRule, models.RoutingRule),
        Table(SlaPolicy, models.SlaPolicy),
        Table(BusinessCalendar, models.BusinessCalendar),
    ),
    # Contributions apply in manifest order: tickets after activities' tasks, before sales' fields.
    contributions=(Contribution(Customer, "tickets", customer_tickets, before="orderSummary"),),
    roots={**ROOTS, **STATS_ROOTS, **KB_ROOTS, **RULES_ROOTS},
    nodes={"Ticket": node_fetcher(ticket_by_id, Ticket.from_row)},
    jobs=(sla_check, ticket_autoclose, caller_grant_expiry),
    timeline_sources=(TimelineSource("ticket", timeline_tickets, row_type="Ticket", entry=Ticket),),
    privacy_parts=(PHONE_LOOKUPS, EMAILS),
    merge_hooks=(move_on_merge,),
    contact_merge_hooks=(repoint_contact_on_merge,),
    held_contacts=(portal_contacts,),
    customer_events=(CustomerEvent("ticket", last_ticket_at),),
    row_scopes=(scopes.TICKET_SCOPE,),
    scoped_types=("Ticket",),
    related_scopes=(
        RelatedScope("Ticket", scopes.tickets_of_visible_customers),
        RelatedScope("Ticket", scopes.tickets_of_my_company),
        RelatedScope("Customer", scopes.customers_of_my_tickets),
        RelatedScope("Customer", scopes.customers_identified_by_phone),
    ),
    argument_rules=ARGUMENT_RULES,
    input_targets=INPUT_TARGETS,
    policy_fields=POLICY_FIELDS,
)
