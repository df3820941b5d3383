"""Which customers and contacts a caller sees: the one row scope of each type, as SQL clauses."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, func, select

from rapport.core.authz.policy import Scope, current
from rapport.core.authz.scopes import RowScope, row_filter
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.customers.models import Contact, Customer, customer_tally


def visible_customers(principal: Principal | None) -> ColumnElement[bool]:
    """The customers a caller may see under their roles' row scopes, as a WHERE clause."""
    return row_filter(
        principal, "Customer", id_column=Customer.id, owner_column=Customer.owner_id, team_column=Customer.team_id
    )


def visible_tally(principal: Principal | None) -> ColumnElement[bool] | None:
    """The `customer_tally` rows that count the customers a caller may see, as a WHERE clause: the same scopes on
    the tally's owner and team as on the customer's. None when the caller's scopes include `related`, which names
    customers one by one (their groups are counted from the customers)."""
    if principal is None or Scope.RELATED in current().for_roles(principal.roles).scope("Customer"):
        return None
    return row_filter(
        principal,
        "Customer",
        id_column=None,
        owner_column=customer_tally.c.owner_id,
        team_column=customer_tally.c.team_id,
    )


def visible_contacts(principal: Principal | None) -> ColumnElement[bool]:
    """Contacts a caller may see: those of customers they may see (a contact has no scope of its own)."""
    customer_visible = (
        select(visible_customers(principal))
        .where(Customer.id == Contact.customer_id)
        .correlate(Contact)
        .scalar_subquery()
    )
    return func.coalesce(customer_visible, false())


#: The row scopes of the customer graph (listed in its manifest).
ROW_SCOPES = (
    RowScope(
        "Customer",
        Customer,
        visible_customers,
        msg("No customer with that id."),
        gone=lambda: Customer.merged_into_id.is_not(None),
    ),
    RowScope("Contact", Contact, visible_contacts, msg("No contact with that id.")),
)
