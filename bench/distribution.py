"""The plan past one database (docs/scaling.md, "Past one PostgreSQL"): how Rapport's tables would be laid out on
Citus, and a check of the compiled SQL against it.

Citus spreads a distributed table's rows over worker nodes by one column, and runs a join (or a correlated
subquery, or a lateral one) on the workers only when the tables it joins are co-located and joined on that column
("co-located joins"); reference tables are copied to every node and join anything. Rapport's graph hangs off the
customer, so the distribution key is the customer's id: a customer's contacts, activities, orders, deals, tickets
and their children sit on one node, and the 360° page, a ticket's page and a deal's page are single-node
("router") queries. Lists across customers (the customer list, the pipeline board, the service console) fan out to
every node, which Citus does in parallel.

`check(statement)` parses a statement with PostgreSQL's own parser (pglast) and reports what would not run
co-located on Citus:
- `join`: an equality (a join condition, a correlated or lateral subquery's condition, `x IN (SELECT y ...)`)
  between columns of two distributed tables that is not between their distribution columns;
- `window`: a window function without `PARTITION BY` the distribution column in a query that reads a distributed
  table directly (Citus cannot push it down to the workers).
Columns are followed through derived tables, lateral subqueries and CTEs to the base table they come from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pglast
from pglast import ast

#: Distributed by the customer's id: table -> the column holding it. Tables marked in NEW_COLUMNS do not have that
#: column yet: it is added (copied from the parent row) when moving to Citus.
BY_CUSTOMER: dict[str, str] = {
    "customer": "id",
    "contact": "customer_id",
    "contact_point": "customer_id",
    "activity": "customer_id",
    "caller_grant": "customer_id",
    "customer_last_event": "customer_id",
    "customer_score": "customer_id",
    "customer_tag": "customer_id",
    "opportunity": "customer_id",
    "sales_order": "customer_id",
    "order_line": "customer_id",
    "pool_movement": "customer_id",
    "stage_change": "customer_id",
    "portal_account": "customer_id",
    "ticket": "customer_id",
    "ticket_comment": "customer_id",
    "ticket_event": "customer_id",
    "opportunity_win_score": "customer_id",
    "approval": "customer_id",
}

#: Columns the plan adds (the parent's customer id, kept by the write path), and `ticket.customer_id` made NOT NULL
#: (a ticket from an unknown sender belongs to a placeholder customer until it is identified).
NEW_COLUMNS: frozenset[str] = frozenset(
    {
        "order_line.customer_id",
        "ticket_comment.customer_id",
        "ticket_event.customer_id",
        "opportunity_win_score.customer_id",
        "approval.customer_id",
    }
)

#: Distributed by their own id: rows not (or not always) about one customer, read by their owner.
BY_OWN_ID: dict[str, str] = {"lead": "id", "task": "id", "outbound_email": "id"}

#: Copied to every node: small, read by every query, rarely written.
REFERENCE: frozenset[str] = frozenset(
    {
        "app_user",
        "user_role",
        "team",
        "pipeline_stage",
        "tag",
        "pool_rule",
        "product",
        "kb_article",
        "sales_target",
        "customer_tally",
    }
)

DISTRIBUTED: dict[str, str] = {**BY_CUSTOMER, **BY_OWN_ID}


@dataclass(frozen=True, order=True)
class Column:
    table: str
    column: str
    #: Which use of the table (one FROM item) the column comes from.
    origin: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return f"{self.table}.{self.column}"


@dataclass(frozen=True, order=True)
class Finding:
    """What would not run co-located: `join` (two columns) or `window` (a table)."""

    kind: str
    what: str


@dataclass
class _Relation:
    table: str | None = None  # a base table
    outputs: dict[str, Column | None] = field(default_factory=dict)  # a derived table's columns


@dataclass
class _Scope:
    parent: _Scope | None
    relations: dict[str, _Relation] = field(default_factory=dict)
    ctes: dict[str, dict[str, Column | None]] = field(default_factory=dict)

    def relation(self, alias: str) -> _Relation | None:
        scope: _Scope | None = self
        while scope is not None:
            if alias in scope.relations:
                return scope.relations[alias]
            scope = scope.parent
        return None

    def cte(self, name: str) -> dict[str, Column | None] | None:
        scope: _Scope | None = self
        while scope is not None:
            if name in scope.ctes:
                return scope.ctes[name]
            scope = scope.parent
        return None


def _children(node: ast.Node) -> Iterator[ast.Node]:
    for name in node.__slots__:
        value = getattr(node, name, None)
        if isinstance(value, ast.Node):
            yield value
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, ast.Node):
                    yield item
                elif isinstance(item, tuple):
                    yield from (x for x in item if isinstance(x, ast.Node))


def _names(fields: tuple[ast.Node, ...] | None) -> list[str]:
    return [f.sval for f in fields or () if isinstance(f, ast.String)]


@dataclass
class _Conditions:
    """One SELECT's equalities: the pairs of table uses joined on their keys, and the other joins."""

    on_key: set[frozenset[int]] = field(default_factory=set)
    off_key: list[tuple[frozenset[int], Finding]] = field(default_factory=list)


class _Checker:
    def __init__(self) -> None:
        self.findings: set[Finding] = set()
        self.conditions: list[_Conditions] = []
        self.uses: list[_Relation] = []  # every table use, kept alive: their ids tell them apart

    # --- columns ---

    def resolve(self, node: ast.Node | None, scope: _Scope) -> Column | None:
        if isinstance(node, ast.TypeCast):
            return self.resolve(node.arg, scope)
        if not isinstance(node, ast.ColumnRef):
            return None
        names = _names(node.fields)
        if len(names) != 2:
            return None
        relation = scope.relation(names[0])
        if relation is None:
            return None
        if relation.table is not None:
            return Column(relation.table, names[1], id(relation))
        return relation.outputs.get(names[1])

    def equate(self, left: Column | None, right: Column | None) -> None:
        if left is None or right is None or (left.table == right.table and left.column == right.column):
            return
        if left.table not in DISTRIBUTED or right.table not in DISTRIBUTED:
            return  # a reference table (or an unknown one) joins anything
        pair = frozenset({left.origin, right.origin})
        if BY_CUSTOMER.get(left.table) == left.column and BY_CUSTOMER.get(right.table) == right.column:
            self.conditions[-1].on_key.add(pair)
            return
        # Not a finding if the same two rows are also joined on their keys in this SELECT (`AND a.customer_id =
        # b.customer_id`): checked when the SELECT ends.
        self.conditions[-1].off_key.append((pair, Finding("join", " = ".join(sorted((str(left), str(right)))))))

    # --- statements ---

    def select(self, node: ast.SelectStmt, parent: _Scope | None) -> dict[str, Column | None]:
        """Check a SELECT (and what it contains); its output columns."""
        self.conditions.append(_Conditions())
        try:
            return self._select(node, parent)
        finally:
            conditions = self.conditions.pop()
            self.findings.update(f for pair, f in conditions.off_key if pair not in conditions.on_key)

    def _select(self, node: ast.SelectStmt, parent: _Scope | None) -> dict[str, Column | None]:
        scope = _Scope(parent)
        if node.withClause is not None:
            for cte in node.withClause.ctes or ():
                if isinstance(cte.ctequery, ast.SelectStmt):
                    scope.ctes[cte.ctename] = self.select(cte.ctequery, scope)
        if node.op is not None and node.op.name != "SETOP_NONE":
            left = self.select(node.larg, scope) if node.larg else {}
            if node.rarg:
                self.select(node.rarg, scope)
            return left
        if node.valuesLists:
            for item in node.valuesLists:
                for value in item if isinstance(item, tuple) else (item,):
                    self.expression(value, scope)
            return {}
        quals: list[ast.Node] = []
        for item in node.fromClause or ():
            self.from_item(item, scope, quals)
        for expression in (
            *quals,
            *(node.targetList or ()),
            node.whereClause,
            node.havingClause,
            *(node.groupClause or ()),
            *(node.sortClause or ()),
        ):
            if expression is not None:
                self.expression(expression, scope)
        self.windows(node, scope)
        outputs: dict[str, Column | None] = {}
        for target in node.targetList or ():
            if not isinstance(target, ast.ResTarget):
                continue
            name = target.name
            if name is None and isinstance(target.val, ast.ColumnRef):
                names = _names(target.val.fields)
                name = names[-1] if names else None
            if name is not None:
                outputs[name] = self.resolve(target.val, scope)
        return outputs

    def from_item(self, item: ast.Node, scope: _Scope, quals: list[ast.Node]) -> None:
        if isinstance(item, ast.RangeVar):
            alias = item.alias.aliasname if item.alias else item.relname
            cte = scope.cte(item.relname) if item.schemaname is None else None
            scope.relations[alias] = _Relation(outputs=cte) if cte is not None else _Relation(table=item.relname)
            self.uses.append(scope.relations[alias])
        elif isinstance(item, ast.RangeSubselect):
            outputs = self.select(item.subquery, scope) if isinstance(item.subquery, ast.SelectStmt) else {}
            if item.alias is not None:
                scope.relations[item.alias.aliasname] = _Relation(outputs=outputs)
        elif isinstance(item, ast.JoinExpr):
            self.from_item(item.larg, scope, quals)
            self.from_item(item.rarg, scope, quals)
            if item.quals is not None:
                quals.append(item.quals)
        elif isinstance(item, ast.RangeFunction):
            for function in item.functions or ():
                for part in function if isinstance(function, tuple) else (function,):
                    if isinstance(part, ast.Node):
                        self.expression(part, scope)
            if item.alias is not None:
                scope.relations[item.alias.aliasname] = _Relation()

    def expression(self, node: ast.Node, scope: _Scope) -> None:
        """Check the equalities of an expression; a subquery in it is checked in its own scope."""
        if isinstance(node, ast.SelectStmt):
            self.select(node, scope)
            return
        if isinstance(node, ast.A_Expr) and _names(node.name) == ["="]:
            self.equate(self.resolve(node.lexpr, scope), self.resolve(node.rexpr, scope))
        if isinstance(node, ast.SubLink) and isinstance(node.subselect, ast.SelectStmt):
            outputs = self.select(node.subselect, scope)
            if node.testexpr is not None:
                self.expression(node.testexpr, scope)
                sub = node.subselect
                if len(sub.targetList or ()) == 1 and len(outputs) == 1:
                    self.equate(self.resolve(node.testexpr, scope), next(iter(outputs.values())))
            return
        for child in _children(node):
            self.expression(child, scope)

    def windows(self, node: ast.SelectStmt, scope: _Scope) -> None:
        """A window function of this SELECT over a distributed table it reads directly, not partitioned by the key."""
        tables = [r.table for r in scope.relations.values() if r.table in DISTRIBUTED]
        if not tables:
            return
        for call in self.calls(node.targetList or ()):
            over = call.over
            if over is None:
                continue
            partitions = {self.resolve(p, scope) for p in over.partitionClause or ()}
            for table in tables:
                if Column(table, DISTRIBUTED[table]) not in partitions:
                    self.findings.add(Finding("window", f"{'.'.join(_names(call.funcname))}() over {table}"))

    def calls(self, nodes: tuple[ast.Node, ...]) -> Iterator[ast.FuncCall]:
        for node in nodes:
            if isinstance(node, ast.SelectStmt):
                continue
            if isinstance(node, ast.FuncCall):
                yield node
            yield from self.calls(tuple(_children(node)))


def check(statement: str) -> set[Finding]:
    """What in `statement` would not run co-located on Citus under the plan above."""
    checker = _Checker()
    for raw in pglast.parse_sql(statement):
        if isinstance(raw.stmt, ast.SelectStmt):
            checker.select(raw.stmt, None)
    return checker.findings


#: The joins of the main operations' compiled SQL that would not be co-located under the plan, each with what
#: moving to Citus changes (docs/scaling.md lists them; tests/graphql/test_distribution.py keeps this list exact).
KNOWN_JOINS: dict[str, str] = {
    "activity.contact_id = contact.id": "also equate customer_id (an activity's contact is its customer's)",
    "contact.id = ticket.contact_id": "also equate customer_id (a ticket's contact is its customer's)",
    "approval.opportunity_id = opportunity.id": "also equate customer_id (approval gets the deal's customer id)",
    "opportunity.id = opportunity_win_score.opportunity_id": "also equate customer_id (the score gets it)",
    "opportunity.id = stage_change.opportunity_id": "also equate customer_id (stage_change has it)",
    "ticket.id = ticket_comment.ticket_id": "also equate customer_id (ticket_comment gets it)",
    "ticket.id = ticket_event.ticket_id": "also equate customer_id (ticket_event gets it)",
    "customer.id = task.customer_id": "a task's customer, read by primary key from a task (own id): a lookup per task, "
    "which Citus runs as a second, router query per shard group; or distribute tasks about a customer by it",
    "opportunity.id = task.opportunity_id": "as the task's customer",
    "outbound_email.subject_id = ticket.id": "outbound_email gets the ticket's customer id and is distributed by it",
    "lead.owner_id = opportunity.owner_id": "a per-owner aggregate across two tables distributed differently: "
    "Citus repartitions (citus.enable_repartition_joins) or the aggregate reads a per-owner rollup",
}
