import type { FieldAccess } from "../../../generated/graphql";
import type { PermissionIndex } from "./permissionIndex";

/**
 * Who may open a page, as data: the sidebar evaluates it over the viewer's PermissionIndex, and the server reads
 * the same rules from `src/generated/page-operations.json` to know which pages (and so which operations) each role
 * opens (`rapport.graphql.pages`, which evaluates them exactly as `opensPage` does).
 */
export type PageRule =
  /** Every signed-in viewer. */
  | { readonly signedIn: true }
  /** Administrators (`isAdmin`). */
  | { readonly admin: true }
  /** `canQuery(query)`: read access to the root query (or subscription) field. */
  | { readonly query: string }
  /** `canMutate(mutation)`: write access to the root mutation field. */
  | { readonly mutation: string }
  /** `has(type, field, access)`: at least this access (default MASKED) to `Type.field`. */
  | { readonly field: readonly [type: string, field: string]; readonly access?: FieldAccess }
  | { readonly all: readonly PageRule[] }
  | { readonly any: readonly PageRule[] }
  | { readonly not: PageRule };

/** Whether a viewer with these permissions opens a page with this rule. */
export const opensPage = (rule: PageRule, permissions: PermissionIndex): boolean => {
  if ("signedIn" in rule) return true;
  if ("admin" in rule) return permissions.isAdmin;
  if ("query" in rule) return permissions.canQuery(rule.query);
  if ("mutation" in rule) return permissions.canMutate(rule.mutation);
  if ("field" in rule) return permissions.has(rule.field[0], rule.field[1], rule.access ?? "MASKED");
  if ("all" in rule) return rule.all.every((each) => opensPage(each, permissions));
  if ("any" in rule) return rule.any.some((each) => opensPage(each, permissions));
  return !opensPage(rule.not, permissions);
};
