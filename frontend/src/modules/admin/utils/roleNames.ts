/** The shipped roles, for labels (the matrix lists the roles a database really has). */
export const ROLE_NAMES = [
  "admin",
  "sales_director",
  "sales_manager",
  "sales_rep",
  "service_supervisor",
  "service_agent",
  "marketing",
  "analyst",
  "integrator",
  "customer",
  "anonymous",
] as const;

export type RoleName = (typeof ROLE_NAMES)[number];
