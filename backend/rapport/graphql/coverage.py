"""How much of what the web app sends the compiler takes: each read operation of the trusted-documents manifest
(`rapport.graphql.trusted`), for every shape of the booleans its `@include`/`@skip` read, planned or not, and
why not; and per role, each read operation of each page the role opens (`rapport.graphql.pages`), for the shape
the app sends that role (`rapport compiler-coverage`; `tests/graphql/test_app_coverage.py` and
`tests/graphql/test_page_coverage.py` hold them to the lists below)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    parse,
)

from rapport.core.authz.enforce import violations
from rapport.core.authz.policy import PrincipalPolicy
from rapport.graphql.compiler.flatten import directive_variables
from rapport.graphql.compiler.nodes import Plan
from rapport.graphql.compiler.plan import explain_operation
from rapport.graphql.pages import PageMap
from rapport.graphql.trusted import TrustedDocument, TrustedDocuments

#: Read operations of the web app that cannot be one SQL statement, with the reason (the issue "Every operation
#: the web app sends runs compiled" allows these, and only these, to stay on the resolvers).
NOT_SQL: dict[str, str] = {
    "AdminDevInbox": "the development mail sink's messages are files on disk, not rows",
    "AdminPermissionMatrix": "the policy is the process's compiled Casbin model, not rows",
    "AdminRoles": "the policy is the process's compiled Casbin model, not rows",
    "ImportFile": "an upload's sheets are read from the encrypted file (in a child process for XLSX), not rows",
    "ImportTemplates": "a template's mapping is a JSON object the resolver lays out as lists of columns and values",
    "OpportunityPredictions": "a lost deal's retrospective (opportunityRetrospective) compares it with the medians "
    "of the won deals before it, computed in Python over the caller's deals, its factors filtered by the reader's "
    "policy and put in their language: not a selection of rows (the shapes without it compile: an open deal's "
    "Opportunity.winProbability is declared)",
    "SegmentCount": "a dynamic segment's count is its own rule tree made SQL per segment and request, with the "
    "caller's field checks on the rules (the segment list and detail compile; each count is asked for on its own)",
    "SegmentMembers": "a dynamic segment's members are its own rule tree made SQL per segment and request, with the "
    "caller's field checks on the rules",
    "SegmentPresets": "the shipped segment presets are constants in code, named in the reader's language, not rows",
    "SegmentPreview": "the rule tree is a JSON argument that the segment compiler turns into SQL per request, with "
    "the caller's field checks: not a selection the GraphQL compiler plans",
    "Survey": "answered to a survey link's holder, who is not signed in: anonymous callers never reach the "
    "compiler, whose SQL is built per signed-in caller",
}

#: The pages the issue names (the 360° page, the customer list, the pipeline board, the service console, the ticket
#: page, the dashboards and each role's home page): none of their operations may be on NOT_SQL.
NAMED_PAGES = frozenset(
    {"/", "/customers", "/customers/:id", "/pipeline", "/service", "/service/tickets/:id", "/dashboards"}
)

#: Read operations of the web app that do not compile yet, for every shape (issue "Every operation the web app
#: sends runs compiled"). The list may only shrink: an operation that compiles must leave it. Reasons are not
#: written here: the tests and `rapport compiler-coverage` print the planner's own. Shared by the coverage of the
#: manifest (`tests/graphql/test_app_coverage.py`) and of each role's pages (`tests/graphql/test_page_coverage.py`).
PENDING: frozenset[str] = frozenset(
    {
        # The marketing dashboard: its figures (marketingFigures, marketingAttributionCompare, marketingSpendRatio)
        # are several statements whose results Python combines (revenue rounded to cents by largest remainders,
        # ROI and ratios divided as decimals): not yet one statement of JSON.
        "MarketingDashboard",
        # The dashboards' prediction widgets: the expected value's P10-P90 range and the won/lost medians are
        # computed in Python over the caller's deals, the factors rendered in their language.
        "DashboardLostDeals",
        "DashboardWinForecast",
    }
)

#: Read operations that a page sends only to viewers who may run them: a role whose policy refuses one outright
#: (for every shape) opens the page without it, as the SPA decides where the reason says. Any other operation a
#: role is refused on a page it opens is a broken page (`tests/graphql/test_page_coverage.py` fails).
GATED: dict[str, str] = {
    **{
        f"Home{section}": "a home section: homeSections shows it to whom it concerns, if they may read all it selects"
        for section in (
            "Approvals",
            "CustomerSegments",
            "Escalations",
            "Funnel",
            "MyOpportunities",
            "MyTarget",
            "MyTasks",
            "MyTickets",
            "NewLeads",
            "PoolWatchlist",
            "ServiceOverview",
            "TeamPerformance",
        )
    },
    **dict.fromkeys(
        ("DashboardWinForecast", "DashboardLostDeals"),
        "a prediction widget of the dashboards' catalogue, offered only to viewers who may run its query "
        "(canSeeWinForecast, canSeeLostDealRetrospective)",
    ),
    "DashboardService": "the service dashboard, asked for when dashboardPanels lets the viewer read one of its panels",
    "CustomerDuplicateCheck": "asked by the new-customer form, which only those who may create customers open",
    "Customer360Duplicates": "the 360° page's duplicates card, shown when canSeeCustomerDuplicates",
    "SalesForce": "the owner picker, shown to those who may list the sales force (showOwner, the assign forms)",
    "ServiceAgentOptions": "the assignee picker, asked for by supervisors (canMutate ticketAssign) only",
    **dict.fromkeys(
        ("CampaignList", "CampaignDetail", "Suppressions"),
        "a section of the marketing workspace, whose tab and routes show only to viewers who may run its query",
    ),
    "MarketingSettings": "the marketing settings card, shown to those who may read marketingSettings (managers)",
    "ContactMarketingConsents": "the 360° page's consent drawer, offered on a contact to those who may read "
    "Contact.marketingConsents (marketing)",
    "ContactMarketingLedger": "the consent drawer's send-ledger tab, shown to those who may run contactMarketingLedger",
    "DashboardLayout": "the arranged home and dashboards ask for the viewer's layout only when they may run "
    "dashboardLayout (the staff); others get the built-in default",
    "PublishedDashboardLayouts": "the publish dialog of the arranged pages, which only administrators open",
}

#: Operations whose directives read more booleans than this are checked on their all-true and all-false shapes.
_MAX_SHAPE_BITS = 6


@dataclass(frozen=True)
class OperationCoverage:
    """One read operation of the web app: how many of its shapes compile, and why the others do not."""

    name: str
    shapes: int
    compiled: int
    reasons: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.compiled == self.shapes


def shape_bits(count: int) -> range:
    """The shapes checked of an operation whose directives read `count` booleans, as bit patterns: every one, or
    with more than six booleans the all-false and all-true shapes (every field the operation can select)."""
    if count <= _MAX_SHAPE_BITS:
        return range(2**count)
    return range(0, 2**count, 2**count - 1)


def app_coverage(schema: Any, documents: TrustedDocuments) -> list[OperationCoverage]:
    """Every read operation of the manifest, by name (`schema`: the assembled Strawberry schema)."""
    rules = tuple(getattr(schema, "limit_rules", ()))
    found = []
    for document in sorted(documents.by_hash.values(), key=lambda d: d.operation_name or d.hash):
        if document.operation_type != "query":
            continue
        parsed = parse(document.text)
        names = directive_variables(parsed)
        combinations = shape_bits(len(names))
        compiled, reasons = 0, []
        for bits in combinations:
            shape = tuple((name, bool(bits >> i & 1)) for i, name in enumerate(names))
            result = explain_operation(
                schema._schema,
                schema.catalog,
                document.text,
                document.operation_name,
                rules,
                document=parsed,
                shape=shape,
            )
            if isinstance(result, Plan):
                compiled += 1
            elif result not in reasons:
                reasons.append(result)
        found.append(
            OperationCoverage(document.operation_name or document.hash, len(combinations), compiled, tuple(reasons))
        )
    return found


Shape = tuple[tuple[str, bool], ...]


def _enclosing(document: DocumentNode) -> dict[str, frozenset[str]]:
    """For each variable an `@include`/`@skip` reads, the others whose directives stand over every place it is read
    (the boolean of an outer field encloses those of the fields inside it), fragments followed where spread."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    found: dict[str, frozenset[str]] = {}

    def walk(selection_set: SelectionSetNode | None, outer: frozenset[str], spread: frozenset[str]) -> None:
        for selection in selection_set.selections if selection_set is not None else ():
            own = {
                argument.value.name.value
                for directive in selection.directives or ()
                if directive.name.value in ("include", "skip")
                for argument in directive.arguments or ()
                if isinstance(argument.value, VariableNode)
            }
            for name in own:
                found[name] = (found[name] & outer if name in found else outer) - {name}
            inner = outer | own
            if isinstance(selection, FragmentSpreadNode):
                if selection.name.value in fragments and selection.name.value not in spread:
                    fragment = fragments[selection.name.value]
                    walk(fragment.selection_set, inner, spread | {selection.name.value})
            else:
                walk(getattr(selection, "selection_set", None), inner, spread)

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            walk(definition.selection_set, frozenset(), frozenset())
    return found


def role_shape(
    schema: Any, document: TrustedDocument, parsed: DocumentNode, policy: PrincipalPolicy, variables: Mapping[str, Any]
) -> Shape | list[str]:
    """The shape the app sends a caller with this policy: each `@include`/`@skip` boolean on when the policy lets
    the caller have what it adds (the SPA sets them from the viewer's permissions), outer fields' first, and the
    booleans inside a field left off when its own is. The policy's objections when even the smallest shape is
    refused (`variables`: the rest of the request's)."""
    names = directive_variables(parsed)
    enclosing = _enclosing(parsed)

    def refused(values: Mapping[str, bool]) -> list[str]:
        request = {**variables, **values}
        return violations(schema._schema, parsed, request, policy, document.text, document.operation_name)

    values = dict.fromkeys(names, False)
    problems = refused(values)
    if problems:
        return problems
    changed = True
    while changed:
        changed = False
        for name in sorted(names, key=lambda n: len(enclosing.get(n, ()))):
            enclosed_by_on = all(values[outer] for outer in enclosing.get(name, ()))
            if not values[name] and enclosed_by_on and not refused({**values, name: True}):
                values[name] = changed = True
    return tuple((name, values[name]) for name in names)


@dataclass(frozen=True)
class PageRead:
    """One read operation of a page a role opens, and what the compiler makes of it for that role.

    `verdict`: compiled (for the role's shape), not SQL (on NOT_SQL), pending (on PENDING), gated (refused to the
    role, and the page does not send it to them: GATED), refused (refused to the role, yet the page sends it: the
    page is broken for the role) or not compiled; `why` says more."""

    page: str
    operation: str
    verdict: str
    why: str


def page_reads(
    schema: Any,
    documents: TrustedDocuments,
    pages: PageMap,
    policy: PrincipalPolicy,
    samples: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[PageRead]:
    """Each read operation of each page a caller with this policy opens (the shell first), with its verdict.
    `samples`: request variables by operation name, without the booleans (none: only the booleans)."""
    rules = tuple(getattr(schema, "limit_rules", ()))
    by_name = {d.operation_name: d for d in documents.by_hash.values()}
    found = []
    for page in pages.opened_by(policy):
        for name in page.queries:
            document = by_name.get(name)
            if document is None:
                raise LookupError(f"{page.path} sends {name}, which the trusted-documents manifest does not hold")
            parsed = parse(document.text)
            shape = role_shape(schema, document, parsed, policy, (samples or {}).get(name, {}))
            if isinstance(shape, list):
                verdict = "gated" if name in GATED else "refused"
                more = f" and {len(shape) - 4} more" if len(shape) > 4 else ""
                found.append(PageRead(page.path, name, verdict, ", ".join(shape[:4]) + more))
                continue
            if name in NOT_SQL:
                found.append(PageRead(page.path, name, "not SQL", NOT_SQL[name]))
                continue
            plan = explain_operation(
                schema._schema, schema.catalog, document.text, name, rules, document=parsed, shape=shape
            )
            if isinstance(plan, Plan):
                on = sum(value for _, value in shape)
                found.append(PageRead(page.path, name, "compiled", f"{on} of {len(shape)} booleans on"))
            else:
                found.append(PageRead(page.path, name, "pending" if name in PENDING else "not compiled", plan))
    return found
