"""The compiler's coverage by page, for every role: each read operation of each page a role opens compiles for the
shape the app sends that role - unless it is on PENDING, on NOT_SQL (never on a page the issue "Every operation the
web app sends runs compiled" names), or refused to the role by the policy and not sent to them by the page (GATED).

Which pages a role opens and what they send come from the web app itself: its route table, the page rules its side
navigation shows pages by, and each page's module graph (`frontend/src/generated/page-operations.json`, read by
`rapport.graphql.pages`); the role's policy is the one the server loads; the variables are the differential test's
samples (`tests/graphql/test_app_coverage.py`), on seeded data. `rapport compiler-coverage` prints the same report."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from rapport.app import TRUSTED_DOCUMENTS
from rapport.assembly import build_schema, install
from rapport.config import Settings
from rapport.core.authz import store
from rapport.core.authz.policy import current
from rapport.core.db import Database
from rapport.graphql.coverage import GATED, NAMED_PAGES, NOT_SQL, PENDING, PageRead, page_reads
from rapport.graphql.pages import NOT_IN_THE_WEB_APP, SHELL, PageMap
from tests.graphql.test_app_coverage import MANIFEST, ROLES, _samples

PAGES = PageMap.load(PageMap.beside(TRUSTED_DOCUMENTS))


@pytest.fixture(scope="module")
async def role_names(settings: Settings, db: Database) -> dict[str, frozenset[str]]:
    """The roles of each demo user of ROLES, on seeded data."""
    from rapport.demo import seed_demo

    await seed_demo(db, settings, locale="zh_CN", customers=40)
    query = text("SELECT r.role_name FROM user_role r JOIN app_user u ON u.id = r.user_id WHERE u.email = :email")
    async with db.read() as session:
        return {email: frozenset((await session.execute(query, {"email": email})).scalars()) for email in ROLES}


@pytest.fixture(scope="module")
async def reads(role_names: dict[str, frozenset[str]], db: Database) -> dict[str, list[PageRead]]:
    """Each role's page reads (by the email of the demo user who has the role), on the policy the server loads."""
    samples = await _samples(db)
    policy = await store.load(db.engine)
    install()
    schema = build_schema(Settings())
    return {
        email: page_reads(schema, MANIFEST, PAGES, policy.for_roles(roles), samples)
        for email, roles in role_names.items()
    }


def _lines(items: list[PageRead]) -> str:
    return "\n".join(f"  {r.page} {r.operation}: {r.verdict}: {r.why}" for r in items)


@pytest.mark.parametrize("email", ROLES)
def test_every_read_of_every_page_a_role_opens_compiles(email: str, reads: dict[str, list[PageRead]]) -> None:
    """A failure names the page and the operation: refused (the page sends what the role may not run: the page is
    broken for the role, or the operation belongs on GATED with where the SPA holds it back) or not compiled."""
    opened = {r.page for r in reads[email]}
    assert {SHELL, "/"} <= opened, f"{email} does not open the shell and the home page: {sorted(opened)}"
    failing = [r for r in reads[email] if r.verdict in ("refused", "not compiled")]
    assert not failing, f"{email}: read operations of pages the role opens that do not run compiled:\n" + _lines(
        failing
    )


@pytest.mark.parametrize("email", ROLES)
def test_no_page_the_issue_names_sends_an_operation_on_the_allow_list(
    email: str, reads: dict[str, list[PageRead]]
) -> None:
    allowed = [r for r in reads[email] if r.verdict == "not SQL" and r.page in NAMED_PAGES | {SHELL}]
    assert not allowed, f"{email}: pages the issue names send operations on NOT_SQL:\n" + _lines(allowed)


def test_the_pages_the_issue_names_are_routes_that_send_reads() -> None:
    routes = {page.path: page for page in PAGES.routes}
    assert set(routes) >= NAMED_PAGES, f"not in the route table: {sorted(NAMED_PAGES - set(routes))}"
    empty = sorted(path for path in NAMED_PAGES if not routes[path].queries or routes[path].rule is None)
    assert not empty, f"named pages without a rule or a read operation of their own: {empty}"
    assert PAGES.shell.queries, "the signed-in shell sends no read operation (the viewer, at least)"


def test_every_read_operation_of_the_web_app_belongs_to_a_page() -> None:
    """The map misses nothing the manifest holds, and names nothing it does not."""
    reads = {d.operation_name for d in MANIFEST.by_hash.values() if d.operation_type == "query"}
    sent = {name for page in (PAGES.shell, *PAGES.routes) for name in page.queries}
    assert reads <= sent, f"read operations no page sends (regenerate the page map?): {sorted(reads - sent)}"
    assert sent <= reads, f"operations of the page map the manifest does not hold: {sorted(sent - reads)}"


def test_every_role_that_signs_in_is_covered(role_names: dict[str, frozenset[str]]) -> None:
    assert all(role_names.values()), f"demo users without roles: {[e for e, r in role_names.items() if not r]}"
    covered = frozenset().union(*role_names.values())
    missing = set(current().role_fields) - covered - set(NOT_IN_THE_WEB_APP)
    assert not missing, f"roles no demo user of ROLES has, so no page of theirs is checked: {sorted(missing)}"


def test_gated_names_operations_some_role_is_refused(reads: dict[str, list[PageRead]]) -> None:
    """An entry of GATED that no role is refused any more must leave it (it would hide a broken page later)."""
    gated = {r.operation for items in reads.values() for r in items if r.verdict == "gated"}
    stale = sorted(set(GATED) - gated)
    assert not stale, f"no role is refused these any more: remove them from GATED: {stale}"
    assert not set(GATED) & set(NOT_SQL), "an operation the role may not run is not an allowed resolver read"
    assert set(PENDING) <= {d.operation_name for d in MANIFEST.by_hash.values()}
