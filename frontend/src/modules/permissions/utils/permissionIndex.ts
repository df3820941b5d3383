import type { FieldAccess, RowScope } from "../../../generated/graphql";
import type { Viewer } from "../../auth/types/Viewer";

const RANK: Record<FieldAccess, number> = { NONE: 0, MASKED: 1, READ: 2, WRITE: 3 };

/** What the signed-in viewer may do, answered from `viewer.permissions` without asking the server again. */
export type PermissionIndex = {
  isAdmin: boolean;
  /** Access to `Type.field` (root fields too: `Query.customers`, `Mutation.customerCreate`). */
  access: (type: string, field: string) => FieldAccess;
  /** At least `minimum` access. */
  has: (type: string, field: string, minimum?: FieldAccess) => boolean;
  /** The viewer may run this query (`customers`) or subscription. */
  canQuery: (field: string) => boolean;
  /** The viewer may run this mutation (`customerCreate`). */
  canMutate: (field: string) => boolean;
  /** Row scopes for a scoped type (Customer, Ticket, Lead, Opportunity). */
  scopes: (type: string) => readonly RowScope[];
};

export const permissionIndex = (permissions: Viewer["permissions"] | null | undefined): PermissionIndex => {
  const fields = new Map<string, FieldAccess>();
  for (const entry of permissions?.fields ?? []) fields.set(`${entry.type}.${entry.field}`, entry.access);
  const scopes = new Map<string, readonly RowScope[]>();
  for (const entry of permissions?.scopes ?? []) scopes.set(entry.type, entry.scopes);
  const isAdmin = permissions?.isAdmin ?? false;
  const access = (type: string, field: string): FieldAccess => (isAdmin ? "WRITE" : (fields.get(`${type}.${field}`) ?? "NONE"));
  const has = (type: string, field: string, minimum: FieldAccess = "MASKED") => RANK[access(type, field)] >= RANK[minimum];
  return {
    isAdmin,
    access,
    has,
    canQuery: (field) => has("Query", field, "READ") || has("Subscription", field, "READ"),
    canMutate: (field) => has("Mutation", field, "WRITE"),
    scopes: (type) => (isAdmin ? ["ALL"] : (scopes.get(type) ?? [])),
  };
};
