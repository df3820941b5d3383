/** The shipped roles (the default policy's), for labels; a database may hold others, shown as named. */
export const ROLE_NAMES = [
  "admin",
  "sales_director",
  "sales_manager",
  "sales_rep",
  "service_supervisor",
  "service_agent",
  "marketing_manager",
  "marketing",
  "analyst",
  "integrator",
  "customer",
  "anonymous",
] as const;

export type RoleName = (typeof ROLE_NAMES)[number];

export const isRoleName = (role: string): role is RoleName => (ROLE_NAMES as readonly string[]).includes(role);
