"""The live path and the resolvers agree on who sees a ticket, for every shipped role and every ticket placement.

Live ticket events decide a subscriber's row scope with `TicketSight` (all of a process's subscribers in one
statement when a page of events arrives, `decide_ticket_sight`; a subscriber alone at delivery, `sees`), the
resolvers with `filtered_tickets`' WHERE clause. Both compose `visible_tickets`, but in different statements:
one boolean column per caller beside many others, or one caller's WHERE. Real rows, every placement of a ticket
relative to the viewer (its queue in, above, beside or outside the viewer's team subtree, or none; assigned to
the viewer, a teammate, someone else or nobody; its customer owned by the viewer, a teammate, someone else, in
the public pool, the portal user's company, or none; the portal user's own contact or a colleague's; open or
closed), against every role alone and every pair of roles, in every team and none, as a staff user and as a
portal user: the two answers must be the same set of tickets.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapport.core.authz.policy import current
from rapport.core.authz.scopes import scoped_types
from rapport.core.db import Database
from rapport.core.events import Subscriber
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.customers.models import Contact, Customer
from rapport.identity.models import SHIPPED_ROLES, Team, User
from rapport.identity.service import create_team, create_user
from rapport.support.events import record_event
from rapport.support.live import TICKET_LOG, TICKETS, LiveTicketEvent, decide_ticket_sight, fetch_ticket_events
from rapport.support.models import PortalAccount, Ticket
from rapport.support.repository import TicketFilterSpec, filtered_tickets

#: Every shipped role alone, every pair, and all of them.
ROLE_SETS = [frozenset(c) for n in (1, 2) for c in itertools.combinations(sorted(SHIPPED_ROLES), n)]
ROLE_SETS.append(frozenset(SHIPPED_ROLES))


def _distinct_scopes(role_sets: Sequence[frozenset[str]]) -> list[frozenset[str]]:
    """One role set per combination of row scopes: roles reach row filters only through their scopes (of every
    scoped type, as a related source may compose another type's scope), so sets with the same scopes ask the
    same SQL."""
    by_scopes: dict[Any, frozenset[str]] = {}
    for roles in role_sets:
        policy = current().for_roles(roles)
        by_scopes.setdefault(tuple((t, policy.scope(t)) for t in sorted(scoped_types())), roles)
    return list(by_scopes.values())


@dataclass
class World:
    """The rows of the test: teams, users and one ticket per placement (with a description of each)."""

    teams: dict[str, Team]
    users: dict[str, User]
    tickets: dict[uuid.UUID, str]


async def _world(db: Database) -> World:
    """Teams R > S > S1 and R > O; viewer V and teammate M in S, other X in O, portal user P of company `portal`."""
    async with db.write() as session:
        root = await create_team(session, name="Service", kind="service")
        desk = await create_team(session, name="Desk", parent=root, kind="service")
        night = await create_team(session, name="Night desk", parent=desk, kind="service")
        other = await create_team(session, name="Other desk", parent=root, kind="service")
        teams = {"R": root, "S": desk, "S1": night, "O": other}
        users = {
            name: await create_user(
                session, email=f"{name.lower()}@t.example", name=name, password=None, roles=[role], team=team
            )
            for name, role, team in (
                ("V", "service_agent", desk),
                ("M", "service_agent", desk),
                ("X", "service_agent", other),
                ("P", "customer", None),
            )
        }
        owners = {"own": ("V", "S"), "team": ("M", "S"), "other": ("X", "O"), "portal": ("X", "O"), "pool": None}
        customers: dict[str, Customer] = {}
        contacts: dict[str, Contact] = {}
        for name, owner in owners.items():
            customer = Customer(
                kind="company",
                name=f"{name} Co",
                owner_id=users[owner[0]].id if owner else None,
                team_id=teams[owner[1]].id if owner else None,
                pool_status="private" if owner else "public",
            )
            session.add(customer)
            await session.flush()
            customers[name] = customer
            contacts[name] = Contact(customer_id=customer.id, name=f"{name} contact")
            session.add(contacts[name])
        contacts["portal colleague"] = Contact(customer_id=customers["portal"].id, name="colleague")
        session.add(contacts["portal colleague"])
        await session.flush()
        session.add(
            PortalAccount(user_id=users["P"].id, contact_id=contacts["portal"].id, customer_id=customers["portal"].id)
        )

        links: list[tuple[str, Customer | None, Contact | None]] = [
            (name, customers[name], contacts[name]) for name in owners
        ]
        links += [("portal via colleague", customers["portal"], contacts["portal colleague"]), ("none", None, None)]
        tickets: dict[uuid.UUID, str] = {}
        placements = itertools.product([*teams, None], ["V", "M", "X", None], links, ["in_progress", "closed"])
        for number, (queue, assignee, (customer_name, customer, contact), status) in enumerate(placements):
            ticket = Ticket(
                id=uuid7(),
                number=f"T-{number:05d}",
                subject="placement",
                channel="web",
                category="general",
                queue_id=teams[queue].id if queue else None,
                assignee_id=users[assignee].id if assignee else None,
                customer_id=customer.id if customer else None,
                contact_id=contact.id if contact else None,
                status=status,
            )
            session.add(ticket)
            record_event(session, ticket, "created", None, {})
            tickets[ticket.id] = f"queue={queue} assignee={assignee} customer={customer_name} status={status}"
    return World(teams, users, tickets)


def _principals(world: World) -> list[Principal]:
    """Every role set, in every team and none, as the staff viewer V and as the portal user P."""
    principals = []
    for roles, team, user in itertools.product(_distinct_scopes(ROLE_SETS), [*world.teams, None], ["V", "P"]):
        row = world.users[user]
        principals.append(
            Principal(
                user_id=row.id,
                email=row.email,
                name=row.name,
                locale="en",
                roles=roles,
                team_id=world.teams[team].id if team else None,
                team_path=world.teams[team].path if team else None,
                via="session",
                credential_id=uuid.uuid4(),
            )
        )
    return principals


async def _page(db: Database, after: int, count: int) -> list[LiveTicketEvent]:
    await TICKET_LOG.stamp(db)
    events = await fetch_ticket_events(db, after, count)
    assert len(events) == count
    return events


async def _resolvers_see(db: Database, principal: Principal) -> set[uuid.UUID]:
    """The tickets a list of tickets (the `tickets` query, counts) shows this caller: the resolvers' statement."""
    stmt = filtered_tickets(principal, TicketFilterSpec()).with_only_columns(Ticket.id)
    async with db.read() as session:
        return set((await session.execute(stmt)).scalars())


def _explain(world: World, principal: Principal, disagree: Sequence[uuid.UUID], sql: set[uuid.UUID]) -> str:
    team = next((name for name, t in world.teams.items() if t.path == principal.team_path), None)
    who = f"roles={sorted(principal.roles)} team={team} user={principal.email}"
    lines = sorted(f"  {'SQL only' if t in sql else 'live only'}: {world.tickets[t]}" for t in disagree)
    return "\n".join([who, *lines[:20]])


async def test_live_events_and_ticket_lists_agree_for_every_role_and_placement(db: Database) -> None:
    after = await TICKET_LOG.head(db)
    world = await _world(db)
    principals = _principals(world)
    events = await _page(db, after, len(world.tickets))

    # As the hub does when a page arrives: one decision for every subscriber of the process.
    subscribers = [Subscriber[LiveTicketEvent](TICKETS, lambda _: True, audience=lambda p=p: p) for p in principals]
    await decide_ticket_sight(db, events, subscribers)
    # As a delivery does when a subscriber's rights changed since: that subscriber alone, on a fresh page.
    alone = await _page(db, after, len(world.tickets))

    problems = []
    sizes = set()
    for principal in principals:
        sql = await _resolvers_see(db, principal)
        sizes.add(len(sql))
        batched = {e.ticket.id for e in events if e.sight.known(principal, e.ticket.id)}
        assert all(e.sight.known(principal, e.ticket.id) is not None for e in events)
        single = {e.ticket.id for e in alone if await e.sight.sees(principal, e.ticket.id)}
        for name, live in (("page", batched), ("alone", single)):
            if live != sql:
                problems.append(f"[{name}] " + _explain(world, principal, sorted(live ^ sql), sql))
    assert not problems, "\n\n".join(problems[:10])

    # The world does tell roles apart (a scope that let everyone see everything, or nothing, would agree too).
    assert 0 in sizes and len(world.tickets) in sizes and len(sizes) > 4, sizes
