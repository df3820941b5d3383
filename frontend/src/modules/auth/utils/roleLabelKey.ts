import type zhCN from "../../../i18n/zh-CN.json";

type KnownRole = keyof (typeof zhCN)["roles"];

const KNOWN_ROLES: ReadonlySet<string> = new Set<KnownRole>([
  "admin",
  "sales_rep",
  "sales_manager",
  "sales_director",
  "service_agent",
  "service_supervisor",
  "marketing",
]);

const isKnownRole = (role: string): role is KnownRole => KNOWN_ROLES.has(role);

/** The translation key for a role name, or null for a role the SPA has no label for (shown as is). */
export const roleLabelKey = (role: string): `roles.${KnownRole}` | null => (isKnownRole(role) ? `roles.${role}` : null);
