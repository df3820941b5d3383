"""The composition root: the one list of domain manifests, and the one place that puts them together.

`install()` gathers every manifest's parts into the registries that enforce and run them (row scopes,
argument rules, input targets, jobs, encrypted columns, `node(id)`, contributed fields) and makes the
assembly `rapport.manifest.installed()`. It is idempotent, and every entry point calls it: `create_app`, the
CLI, `build_schema`, and the test suite. No module registers anything when it is imported.
"""

from __future__ import annotations

from rapport.activities.manifest import MANIFEST as ACTIVITIES
from rapport.analytics.manifest import MANIFEST as ANALYTICS
from rapport.config import Settings
from rapport.core.authn import install_authentication
from rapport.core.authz import defaults, rules, scopes
from rapport.core.authz.catalog import SCOPED_TYPES
from rapport.core.authz.masking import MASKS
from rapport.core.crypto import install_encrypted
from rapport.core.jobs import install_jobs
from rapport.customers.manifest import MANIFEST as CUSTOMERS
from rapport.graphql.declare import contribute
from rapport.graphql.inprocess import install_schema_provider
from rapport.graphql.node import install_nodes
from rapport.graphql.schema import RapportSchema, SchemaParts, assemble_schema
from rapport.identity.manifest import MANIFEST as IDENTITY
from rapport.integrations.manifest import MANIFEST as INTEGRATIONS
from rapport.mail.manifest import MANIFEST as MAIL
from rapport.manifest import Assembly, Manifest, install_assembly
from rapport.marketing.manifest import MANIFEST as MARKETING
from rapport.sales.manifest import MANIFEST as SALES
from rapport.support.manifest import MANIFEST as SUPPORT

#: Every domain (their root fields appear in the schema in this order).
MANIFESTS: tuple[Manifest, ...] = (
    IDENTITY,
    CUSTOMERS,
    ACTIVITIES,
    SUPPORT,
    SALES,
    ANALYTICS,
    MARKETING,
    MAIL,
    INTEGRATIONS,
)

_done: list[Assembly] = []


def install() -> Assembly:
    """Assemble Rapport from its manifests (once; later calls return the same assembly)."""
    if _done:
        return _done[0]
    assembly = Assembly(MANIFESTS)
    for manifest in MANIFESTS:
        for scope in manifest.row_scopes:
            scopes.declare_row_scope(scope)
        for related in manifest.related_scopes:
            scopes.register_related(related.type_name, related.source)
        if manifest.team_subtree is not None:
            scopes.register_team_subtree(manifest.team_subtree)
        if manifest.authentication is not None:
            install_authentication(manifest.authentication)
        rules.ARGUMENT_RULES.update(manifest.argument_rules)
        rules.INPUT_TARGETS.update(manifest.input_targets)
        SCOPED_TYPES.update(manifest.scoped_types)
        MASKS.update(manifest.masks)
        for contribution in manifest.contributions:
            contribute(contribution)
    install_jobs([job for manifest in MANIFESTS for job in manifest.jobs])
    install_encrypted([column for manifest in MANIFESTS for column in manifest.encrypted])
    install_nodes({name: fetch for manifest in MANIFESTS for name, fetch in manifest.nodes.items()})
    install_assembly(assembly)
    install_schema_provider(build_schema)
    _done.append(assembly)
    return assembly


def build_schema(settings: Settings | None = None) -> RapportSchema:
    """The served schema, assembled from every manifest; limits come from settings (defaults when none)."""
    assembly = install()
    manifests = assembly.manifests
    parts = SchemaParts(
        queries=[q for m in manifests for q in m.queries],
        mutations=[q for m in manifests for q in m.mutations],
        subscriptions=[q for m in manifests for q in m.subscriptions],
        types=[t for m in manifests for t in m.types],
        tables=list(assembly.tables.values()),
        roots=assembly.roots,
    )
    return assemble_schema(parts, settings)


def default_policy() -> str:
    """The shipped policy as Casbin CSV: the roles' grants with every manifest's field groups (`make policy`)."""
    return defaults.render({group: names for m in MANIFESTS for group, names in m.policy_fields.items()})


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["policy"]:
        print(default_policy(), end="")
