import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, useLocation } from "react-router";
import { describe, expect, it } from "vitest";

import { createI18n } from "../../../i18n/createI18n";
import type { FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { AppProviders } from "../../app/components/AppProviders";
import { AppRoutes } from "../../app/components/AppRoutes";
import { createStreamingFakeServer } from "./streamingFakeExchange";

/** "Ticket:<uuid>" as the server's url-safe base64 global id. */
const globalId = (type: string, uuid: string) => btoa(`${type}:${uuid}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

const TICKET_ID = globalId("Ticket", "0190a000-0000-7000-8000-000000000001");

const notification = (id: string, title: string, createdAt: string, extra: Record<string, unknown> = {}) => ({
  __typename: "Notification",
  id,
  kind: "task_assigned",
  title,
  body: null,
  entityId: null,
  read: false,
  createdAt,
  ...extra,
});

const BELL_VIEWER = viewerWith([
  ["Query.notifications", "READ"],
  ["Query.unreadNotificationCount", "READ"],
  ["Subscription.notificationAdded", "READ"],
  ["Mutation.notificationMarkRead", "WRITE"],
]);

const LocationProbe = () => {
  const location = useLocation();
  return <output data-testid="location">{location.pathname}</output>;
};

/**
 * A server with one unread notification; marking read is remembered. The app starts on /admin, which shows
 * non-administrators a plain "no access" page, so the shell's requests are the only ones.
 */
const bellServer = () => {
  const stored = [notification("Tm90aWZpY2F0aW9uOjE", "旧的通知", "2026-03-01T08:00:00+00:00")];
  const server = createStreamingFakeServer((operationName, variables): FakeGraphqlResponse | null => {
    if (operationName === "Viewer") return viewerResponse(BELL_VIEWER);
    if (operationName === "BellUnreadCount") return { data: { unreadNotificationCount: stored.filter((n) => !n.read).length } };
    if (operationName === "BellNotifications")
      return { data: { notifications: { __typename: "NotificationConnection", nodes: [...stored].reverse() } } };
    if (operationName === "BellMarkRead") {
      const ids = (variables["input"] as { ids: string[] | null }).ids;
      for (const n of stored) if (!ids || ids.includes(n.id)) n.read = true;
      return {
        data: {
          notificationMarkRead: { __typename: "NotificationMarkReadPayload", marked: 1, unreadCount: stored.filter((n) => !n.read).length },
        },
      };
    }
    // Pages the test navigates to (the ticket) are not faked.
    return null;
  });
  const renderBell = () =>
    render(
      <AppProviders createGraphqlClient={server.createClient} i18n={createI18n("zh-CN")}>
        <MemoryRouter initialEntries={["/admin"]}>
          <AppRoutes />
          <LocationProbe />
        </MemoryRouter>
      </AppProviders>,
    );
  /** The server sends a new notification: stored (so later fetches see it) and pushed to subscribers. */
  const send = (added: ReturnType<typeof notification>) => {
    stored.push(added);
    const { __typename: _typename, ...payload } = added;
    server.push("BellNotificationAdded", { notificationAdded: payload });
  };
  return { server, renderBell, send };
};

describe("NotificationBell", { timeout: 60_000 }, () => {
  it("shows a notification pushed by the subscription and counts it, without reloading", async () => {
    const user = userEvent.setup({ delay: null });
    const { server, renderBell, send } = bellServer();
    renderBell();

    const bell = await screen.findByTestId("notification-bell", {}, { timeout: 10_000 });
    await waitFor(() => expect(bell).toHaveAttribute("data-unread", "1"));
    await waitFor(() => expect(server.subscriberCount("BellNotificationAdded")).toBe(1));
    await user.click(bell);
    const list = await screen.findByTestId("notification-list");
    expect(within(list).getAllByRole("listitem")).toHaveLength(1);

    await act(async () => {
      send(notification("Tm90aWZpY2F0aW9uOjI", "工单 T-2026-000042 分派给你", "2026-03-02T09:30:00+00:00", { entityId: TICKET_ID }));
    });

    await waitFor(() => expect(screen.getByTestId("notification-bell")).toHaveAttribute("data-unread", "2"));
    const items = within(screen.getByTestId("notification-list")).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    // Newest first.
    expect(items[0]).toHaveTextContent("工单 T-2026-000042 分派给你");
    // Only the first page load asked the server; the new one came over the subscription.
    expect(server.calls.filter((call) => call.operationName === "BellNotifications")).toHaveLength(1);

    // Opening it marks it read and goes to the ticket's page.
    await user.click(items[0] as HTMLElement);
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/service/tickets/${TICKET_ID}`));
    expect(server.calls.find((call) => call.operationName === "BellMarkRead")?.variables).toEqual({
      input: { ids: ["Tm90aWZpY2F0aW9uOjI"] },
    });
    await waitFor(() => expect(screen.getByTestId("notification-bell")).toHaveAttribute("data-unread", "1"));
  });

  it("marks every notification read", async () => {
    const user = userEvent.setup({ delay: null });
    const { server, renderBell } = bellServer();
    renderBell();

    await user.click(await screen.findByTestId("notification-bell", {}, { timeout: 10_000 }));
    await user.click(await screen.findByTestId("notification-mark-all"));

    await waitFor(() => expect(screen.getByTestId("notification-bell")).toHaveAttribute("data-unread", "0"));
    expect(server.calls.find((call) => call.operationName === "BellMarkRead")?.variables).toEqual({ input: { ids: null } });
  });

  it("leads to the page of every notification", async () => {
    const user = userEvent.setup({ delay: null });
    const { renderBell } = bellServer();
    renderBell();

    await user.click(await screen.findByTestId("notification-bell", {}, { timeout: 10_000 }));
    await user.click(await screen.findByTestId("notification-view-all"));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/notifications"));
  });

  it("is not shown, and nothing is asked, for viewers without notifications", async () => {
    const server = createStreamingFakeServer((operationName) => {
      if (operationName === "Viewer") return viewerResponse(viewerWith([["Query.customers", "READ"]]));
      return null;
    });
    render(
      <AppProviders createGraphqlClient={server.createClient} i18n={createI18n("zh-CN")}>
        <MemoryRouter initialEntries={["/admin"]}>
          <AppRoutes />
        </MemoryRouter>
      </AppProviders>,
    );

    expect(await screen.findByTestId("viewer-name", {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.queryByTestId("notification-bell")).not.toBeInTheDocument();
    expect(server.calls.map((call) => call.operationName).filter((name) => name.startsWith("Bell"))).toEqual([]);
  });
});
