import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { RequireViewer } from "../../../modules/auth/components/RequireViewer";
import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderWithProviders } from "../../../testing/renderApp";
import { NotificationsPage } from "../NotificationsPage";

const VIEWER = viewerWith([
  ["Query.notifications", "READ"],
  ["Mutation.notificationMarkRead", "WRITE"],
  ...["id", "kind", "title", "body", "entityId", "read", "createdAt"].map((field): [string, "READ"] => [`Notification.${field}`, "READ"]),
]);
const TICKET = "VGlja2V0OjE=";

const notification = (n: number, read: boolean, entityId: string | null = null) => ({
  __typename: "Notification",
  id: `Tm90aWZpY2F0aW9uOj${n}`,
  kind: "ticket_assigned",
  title: `T-2026-00000${n}: 打印机无法连接`,
  body: null,
  entityId,
  read,
  createdAt: `2026-11-0${n}T08:00:00Z`,
});

/** Two pages of notifications (the first one unread and about a ticket); marks are recorded. */
const server =
  (calls: Array<Record<string, unknown>>, marked: unknown[]): FakeGraphqlResolver =>
  (operationName, variables) => {
    if (operationName === "Viewer") return viewerResponse(VIEWER);
    if (operationName === "NotificationsPage") {
      calls.push(variables);
      const second = variables["after"] === "c2";
      const nodes = variables["unreadOnly"]
        ? [notification(1, false, TICKET)]
        : second
          ? [notification(3, true)]
          : [notification(1, false, TICKET), notification(2, true)];
      return {
        data: {
          notifications: {
            __typename: "NotificationConnection",
            totalCount: variables["unreadOnly"] ? 1 : 3,
            pageInfo: { __typename: "PageInfo", hasNextPage: !second && !variables["unreadOnly"], endCursor: second ? "c3" : "c2" },
            nodes,
          },
        },
      };
    }
    if (operationName === "BellMarkRead") {
      marked.push((variables["input"] as { ids: unknown }).ids);
      return { data: { notificationMarkRead: { __typename: "NotificationMarkReadPayload", marked: 1, unreadCount: 0 } } };
    }
    throw new Error(`unexpected operation ${operationName}`);
  };

const TIMEOUT = 60_000;

describe("NotificationsPage", () => {
  it(
    "lists every notification a page at a time, filters the unread ones, and opens one, marking it read",
    async () => {
      const user = userEvent.setup();
      const calls: Array<Record<string, unknown>> = [];
      const marked: unknown[] = [];
      const app = renderWithProviders(
        <RequireViewer>
          <NotificationsPage />
        </RequireViewer>,
        server(calls, marked),
        { route: "/notifications" },
      );
      const list = await screen.findByTestId("notifications-list", {}, { timeout: 15_000 });
      expect(within(list).getAllByRole("listitem")).toHaveLength(2);
      expect(screen.getByTestId("notifications-pager-total")).toHaveTextContent("3");

      await user.click(screen.getByTestId("notifications-pager-next"));
      await waitFor(() => expect(screen.getByTestId("notifications-list")).toHaveTextContent("T-2026-000003"));
      expect(calls.at(-1)).toMatchObject({ after: "c2", unreadOnly: false, first: 20 });

      await user.click(screen.getByText("未读"));
      await waitFor(() => expect(app.currentLocation()).toBe("/notifications?unread=1"));
      await waitFor(() => expect(within(screen.getByTestId("notifications-list")).getAllByRole("listitem")).toHaveLength(1));
      expect(calls.at(-1)).toMatchObject({ after: null, unreadOnly: true });

      await user.click(screen.getByText("T-2026-000001: 打印机无法连接"));
      await waitFor(() => expect(app.currentLocation()).toBe(`/service/tickets/${TICKET}`));
      expect(marked).toEqual([["Tm90aWZpY2F0aW9uOj1"]]);
    },
    TIMEOUT,
  );
});
