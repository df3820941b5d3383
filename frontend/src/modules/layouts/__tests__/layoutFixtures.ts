import type { FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";

/** The layout in force when none is stored: the page's built-in default. */
export const defaultLayoutResponse = (variables: Record<string, unknown>): FakeGraphqlResponse => ({
  data: {
    dashboardLayout: {
      __typename: "DashboardLayout",
      page: variables["page"],
      source: "DEFAULT",
      role: null,
      version: null,
      updatedAt: null,
      widgets: [],
    },
  },
});
