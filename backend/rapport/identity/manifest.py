"""The identity domain's manifest: users, teams, roles, sessions, API tokens and the permission admin."""

from __future__ import annotations

from rapport.core.audit import AuditEntry
from rapport.graphql.declare import Table
from rapport.identity import jobs, models
from rapport.identity.admin_api import ROOTS as ADMIN_ROOTS
from rapport.identity.admin_api import AuditLogEntry, IdentityAdminMutation, IdentityAdminQuery
from rapport.identity.authz import INPUT_TARGETS
from rapport.identity.mutations import IdentityMutation
from rapport.identity.permissions import PermissionMutation, PermissionQuery
from rapport.identity.policy import POLICY_FIELDS
from rapport.identity.queries import ROOTS, IdentityQuery
from rapport.identity.repository import team_subtree
from rapport.identity.service import principal_for_credentials
from rapport.identity.types import NODES, ApiToken, Team, User
from rapport.manifest import Manifest

MANIFEST = Manifest(
    name="identity",
    policy_fields=POLICY_FIELDS,
    queries=(IdentityQuery, IdentityAdminQuery, PermissionQuery),
    mutations=(IdentityMutation, IdentityAdminMutation, PermissionMutation),
    types=(User, Team, ApiToken, AuditLogEntry),
    tables=(
        Table(User, models.User),
        Table(Team, models.Team),
        Table(ApiToken, models.ApiToken),
        Table(AuditLogEntry, AuditEntry),
    ),
    nodes=NODES,
    roots={**ROOTS, **ADMIN_ROOTS},
    team_subtree=team_subtree,
    authentication=principal_for_credentials,
    input_targets=INPUT_TARGETS,
    jobs=(jobs.session_cleanup,),
)
