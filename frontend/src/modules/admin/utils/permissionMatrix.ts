import type { AdminPermissionMatrixQuery, FieldAccess, RowScope } from "../../../generated/graphql";

export type PermissionMatrix = AdminPermissionMatrixQuery["permissionMatrix"];
export type MatrixRole = PermissionMatrix["roles"][number];

export const ACCESS_LEVELS: readonly FieldAccess[] = ["NONE", "MASKED", "READ", "WRITE"];
export const ROW_SCOPES: readonly RowScope[] = ["OWN", "TEAM", "RELATED", "ALL"];

const RANK: Record<FieldAccess, number> = { NONE: 0, MASKED: 1, READ: 2, WRITE: 3 };

/** Root types: their "fields" are the queries, mutations and subscriptions a role may run. */
export const OPERATION_TYPES: ReadonlySet<string> = new Set(["Query", "Mutation", "Subscription"]);

/** Leads and opportunities are scoped by owner and team only: `related` grants nothing for them. */
const OWNER_SCOPED_TYPES: ReadonlySet<string> = new Set(["Lead", "Opportunity"]);

/** The row scopes worth offering for a type. */
export const scopeOptions = (type: string): readonly RowScope[] =>
  OWNER_SCOPED_TYPES.has(type) ? ROW_SCOPES.filter((scope) => scope !== "RELATED") : ROW_SCOPES;

/** The access levels a `Type.field` can be given: MASKED only for the maskable ones. */
export const accessOptions = (type: string, field: string, maskable: readonly string[]): readonly FieldAccess[] =>
  maskable.includes(`${type}.${field}`) ? ACCESS_LEVELS : ACCESS_LEVELS.filter((access) => access !== "MASKED");

export type RoleIndex = {
  role: MatrixRole;
  effective: ReadonlyMap<string, FieldAccess>;
  explicit: ReadonlyMap<string, FieldAccess>;
};

export const roleIndex = (role: MatrixRole): RoleIndex => ({
  role,
  effective: new Map(role.fields.map((f) => [`${f.type}.${f.field}`, f.access])),
  explicit: new Map(role.explicit.map((f) => [`${f.type}.${f.field}`, f.access])),
});

/** One cell of the matrix: what the role gets, what its own rule says, and whether the rest is inherited. */
export type AccessCell = {
  effective: FieldAccess;
  explicit: FieldAccess;
  /** The effective access comes from a parent role (more than the role's own rule gives). */
  inherited: boolean;
  /** Parent roles that give the effective access. */
  inheritedFrom: string[];
};

export const accessCell = (index: RoleIndex, all: ReadonlyMap<string, RoleIndex>, key: string): AccessCell => {
  const effective = index.effective.get(key) ?? "NONE";
  const explicit = index.explicit.get(key) ?? "NONE";
  const inherited = RANK[effective] > RANK[explicit];
  const inheritedFrom = inherited
    ? index.role.inherits.filter((parent) => (all.get(parent)?.effective.get(key) ?? "NONE") === effective)
    : [];
  return { effective, explicit, inherited, inheritedFrom };
};

export type MatrixRow = { key: string; type: string; field: string; maskable: boolean };

/** The rows (Type.field) matching the filters: a type (null: every type) and a fragment of the field name. */
export const matrixRows = (matrix: PermissionMatrix, type: string | null, fieldFilter: string): MatrixRow[] => {
  const needle = fieldFilter.trim().toLowerCase();
  const maskable = new Set(matrix.maskable);
  return matrix.types
    .filter((governed) => type === null || governed.name === type)
    .flatMap((governed) =>
      governed.fields
        .filter((field) => needle === "" || field.toLowerCase().includes(needle) || `${governed.name}.${field}`.toLowerCase().includes(needle))
        .map((field) => ({
          key: `${governed.name}.${field}`,
          type: governed.name,
          field,
          maskable: maskable.has(`${governed.name}.${field}`),
        })),
    );
};

/** What a role would see of one type. */
export type RolePreview = {
  type: string;
  read: string[];
  masked: string[];
  hidden: string[];
  scopes: readonly RowScope[] | null;
};

/**
 * "View as role": for each governed type, the fields the role would read (read or write), see masked, or not
 * see at all, from the role's effective access in the matrix. Types it sees nothing of come last.
 */
export const previewRole = (matrix: PermissionMatrix, roleName: string): RolePreview[] => {
  const role = matrix.roles.find((candidate) => candidate.role === roleName);
  const effective = new Map(role?.fields.map((f) => [`${f.type}.${f.field}`, f.access]) ?? []);
  const scopes = new Map(role?.scopes.map((s) => [s.type, s.scopes]) ?? []);
  const previews = matrix.types.map((governed) => {
    const preview: RolePreview = {
      type: governed.name,
      read: [],
      masked: [],
      hidden: [],
      scopes: governed.scoped ? (scopes.get(governed.name) ?? []) : null,
    };
    for (const field of governed.fields) {
      const access = effective.get(`${governed.name}.${field}`) ?? "NONE";
      if (access === "READ" || access === "WRITE") preview.read.push(field);
      else if (access === "MASKED") preview.masked.push(field);
      else preview.hidden.push(field);
    }
    return preview;
  });
  const sees = (preview: RolePreview) => preview.read.length + preview.masked.length > 0;
  return [...previews.filter(sees), ...previews.filter((preview) => !sees(preview))];
};
