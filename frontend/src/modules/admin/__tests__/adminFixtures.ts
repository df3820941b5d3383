import type { FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerWith } from "../../../testing/fixtures";
import type { Viewer } from "../../auth/types/Viewer";

export const ADMIN_VIEWER: Viewer = {
  ...viewerWith([], { name: "管理员", email: "admin@example.com", roles: ["admin"] }),
  permissions: { __typename: "Permissions", isAdmin: true, fields: [], scopes: [] },
};

type Access = "NONE" | "MASKED" | "READ" | "WRITE";
type RoleFixture = {
  role: string;
  inherits?: string[];
  fields: Array<[string, Access]>;
  explicit: Array<[string, Access]>;
  scopes?: Array<[string, string[]]>;
};

const permission = ([name, access]: [string, Access]) => {
  const [type, field] = name.split(".");
  return { __typename: "FieldPermission", type, field, access };
};

const role = ({ role: name, inherits = [], fields, explicit, scopes = [] }: RoleFixture) => ({
  __typename: "RolePermissions",
  role: name,
  description: `${name} role`,
  inherits,
  fields: fields.map(permission),
  explicit: explicit.map(permission),
  scopes: scopes.map(([type, values]) => ({ __typename: "ScopePermission", type, scopes: values })),
});

/**
 * A small policy: agents see contacts' names and masked phones and only the name of customers; supervisors
 * inherit that (and may write Customer.name themselves); reps read phones. Contact.phones and Customer.idNumber
 * are maskable, Contact.name is not.
 */
export const MATRIX_ROLES: RoleFixture[] = [
  {
    role: "sales_rep",
    fields: [
      ["Contact.name", "WRITE"],
      ["Contact.phones", "WRITE"],
      ["Customer.name", "WRITE"],
      ["Customer.idNumber", "READ"],
    ],
    explicit: [
      ["Contact.name", "WRITE"],
      ["Contact.phones", "WRITE"],
      ["Customer.name", "WRITE"],
      ["Customer.idNumber", "READ"],
    ],
    scopes: [["Customer", ["OWN"]]],
  },
  {
    role: "service_agent",
    fields: [
      ["Contact.name", "READ"],
      ["Contact.phones", "MASKED"],
      ["Customer.name", "READ"],
    ],
    explicit: [
      ["Contact.name", "READ"],
      ["Contact.phones", "MASKED"],
      ["Customer.name", "READ"],
    ],
    scopes: [["Customer", ["RELATED"]]],
  },
  {
    role: "service_supervisor",
    inherits: ["service_agent"],
    fields: [
      ["Contact.name", "READ"],
      ["Contact.phones", "MASKED"],
      ["Customer.name", "WRITE"],
    ],
    explicit: [["Customer.name", "WRITE"]],
    scopes: [["Customer", ["RELATED"]]],
  },
];

export const permissionMatrixResponse = (roles: RoleFixture[] = MATRIX_ROLES): FakeGraphqlResponse => ({
  data: {
    permissionMatrix: {
      __typename: "PermissionMatrix",
      version: 7,
      maskable: ["Contact.phones", "Customer.idNumber"],
      types: [
        { __typename: "GovernedType", name: "Contact", fields: ["name", "phones"], scoped: false },
        { __typename: "GovernedType", name: "Customer", fields: ["idNumber", "name"], scoped: true },
        { __typename: "GovernedType", name: "Lead", fields: ["phone"], scoped: true },
      ],
      roles: roles.map(role),
    },
  },
});

export const permissionSetResponse = (roleName: string): FakeGraphqlResponse => {
  const fixture = MATRIX_ROLES.find((candidate) => candidate.role === roleName) ?? MATRIX_ROLES[0];
  return { data: { permissionSet: { __typename: "PermissionChangePayload", role: fixture && role(fixture), userErrors: [] } } };
};

export const scopeSetResponse = (roleName: string): FakeGraphqlResponse => {
  const fixture = MATRIX_ROLES.find((candidate) => candidate.role === roleName) ?? MATRIX_ROLES[0];
  return { data: { scopeSet: { __typename: "PermissionChangePayload", role: fixture && role(fixture), userErrors: [] } } };
};

/**
 * Answers for what the app shell asks an administrator's server besides the page: the bell (no notifications;
 * the subscription never sends anything). Null for other operations.
 */
export const shellResponse = (operationName: string): FakeGraphqlResponse | Promise<FakeGraphqlResponse> | null => {
  if (operationName === "BellUnreadCount") return { data: { unreadNotificationCount: 0 } };
  if (operationName === "BellNotifications")
    return { data: { notifications: { __typename: "NotificationConnection", nodes: [] } } };
  if (operationName === "BellNotificationAdded") return new Promise<FakeGraphqlResponse>(() => undefined);
  return null;
};
