"""The identity domain's field groups of the shipped policy: "Type.group" -> GraphQL field names of Type.

Roles are given groups in `rapport.core.authz.defaults`; `make policy` renders them (listed in the manifest).
"""

from __future__ import annotations

POLICY_FIELDS: dict[str, list[str]] = {
    "User.all": ["id", "email", "name", "locale", "active", "roles", "team", "permissions"],
    "Team.all": ["id", "name", "kind", "parent", "manager"],
    "Team.portal": ["id", "name"],
    "Permissions.all": ["fields", "scopes", "isAdmin"],
    "FieldPermission.all": ["type", "field", "access"],
    "ScopePermission.all": ["type", "scopes"],
    "ApiToken.all": ["id", "name", "prefix", "createdAt", "expiresAt", "lastUsedAt", "revokedAt", "user"],
    "RolePermissions.all": ["role", "description", "inherits", "fields", "explicit", "scopes"],
    "GovernedType.all": ["name", "fields", "scoped"],
    "PermissionMatrix.all": ["roles", "types", "maskable", "version"],
    "AuditLogEntry.all": ["id", "at", "entityType", "entityId", "action", "changes", "requestId", "actor"],
}
