import type { Viewer } from "../modules/auth/types/Viewer";
import type { FakeGraphqlResponse } from "./fakeGraphqlExchange";

export const VIEWER_FIXTURE: Viewer = {
  id: "VXNlcjox",
  email: "lilei@example.com",
  name: "李雷",
  locale: "zh-CN",
  roles: ["sales_rep", "regional_auditor"],
  team: { id: "VGVhbTox", name: "华东销售一组" },
  permissions: { isAdmin: false, fields: [], scopes: [] },
};

/** A viewer fixture with these `Type.field` accesses (e.g. ["Query.customers", "READ"]). */
export const viewerWith = (fields: Array<[string, "MASKED" | "READ" | "WRITE"]>, overrides: Partial<Viewer> = {}): Viewer => ({
  ...VIEWER_FIXTURE,
  ...overrides,
  permissions: {
    isAdmin: false,
    scopes: [],
    fields: fields.map(([name, access]) => {
      const [type, field] = name.split(".");
      return { type: type ?? "", field: field ?? "", access };
    }),
  },
});

/** A Viewer query answer as the server sends it (urql asks for __typename on every object). */
export const viewerResponse = (viewer: Viewer | null): FakeGraphqlResponse => ({
  data: {
    viewer: viewer && {
      __typename: "User",
      ...viewer,
      team: viewer.team && { __typename: "Team", ...viewer.team },
      permissions: viewer.permissions && {
        __typename: "Permissions",
        ...viewer.permissions,
        fields: viewer.permissions.fields.map((f) => ({ __typename: "FieldPermission", ...f })),
        scopes: viewer.permissions.scopes.map((s) => ({ __typename: "ScopePermission", ...s })),
      },
    },
  },
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
