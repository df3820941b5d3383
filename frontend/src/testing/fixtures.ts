import type { Viewer } from "../modules/auth/types/Viewer";
import type { FakeGraphqlResponse } from "./fakeGraphqlExchange";

export const VIEWER_FIXTURE: Viewer = {
  __typename: "User",
  id: "VXNlcjox",
  email: "lilei@example.com",
  name: "李雷",
  locale: "zh-CN",
  roles: ["sales_rep", "regional_auditor"],
  team: { __typename: "Team", id: "VGVhbTox", name: "华东销售一组" },
  permissions: { __typename: "Permissions", isAdmin: false, fields: [], scopes: [] },
};

/** A viewer fixture with these `Type.field` accesses (e.g. ["Query.customers", "READ"]). */
export const viewerWith = (fields: Array<[string, "MASKED" | "READ" | "WRITE"]>, overrides: Partial<Viewer> = {}): Viewer => ({
  ...VIEWER_FIXTURE,
  ...overrides,
  permissions: {
    __typename: "Permissions",
    isAdmin: false,
    scopes: [],
    fields: fields.map(([name, access]) => {
      const [type, field] = name.split(".");
      return { __typename: "FieldPermission", type: type ?? "", field: field ?? "", access };
    }),
  },
});

/** A Viewer query answer as the server sends it (a `Viewer` carries `__typename` on every object already). */
/** The viewer with these row scopes (and no admin rights), keeping its field accesses. */
export const withRowScopes = (
  viewer: Viewer,
  scopes: Array<{ type: string; scopes: Array<"OWN" | "TEAM" | "RELATED" | "ALL"> }>,
): Viewer => ({
  ...viewer,
  permissions: {
    __typename: "Permissions",
    isAdmin: false,
    fields: viewer.permissions?.fields ?? [],
    scopes: scopes.map((scope) => ({ __typename: "ScopePermission", ...scope })),
  },
});

export const viewerResponse = (viewer: Viewer | null): FakeGraphqlResponse => ({
  data: { viewer },
});

type UserErrorFixture = { field: string | null; message: string; code: string };

export const loginResponse = (viewer: Viewer | null, userErrors: UserErrorFixture[] = []): FakeGraphqlResponse => ({
  data: {
    login: {
      __typename: "LoginPayload",
      viewer: viewer && { __typename: "User", id: viewer.id, name: viewer.name },
      userErrors: userErrors.map((userError) => ({ __typename: "UserError", ...userError })),
    },
  },
});

export const logoutResponse = (): FakeGraphqlResponse => ({
  data: { logout: { __typename: "LogoutPayload", ok: true } },
});
