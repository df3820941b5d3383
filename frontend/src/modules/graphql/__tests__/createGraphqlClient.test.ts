import { gql } from "@urql/core";
import { describe, expect, it, vi } from "vitest";
import { pipe, subscribe } from "wonka";

import { createGraphqlClient } from "../client/createGraphqlClient";
import { graphqlWebSocketUrl } from "../client/graphqlWebSocketUrl";

/** Records sockets instead of opening them. */
class RecordingWebSocket {
  static opened: Array<{ url: string; protocol: string | string[] | undefined }> = [];
  static instances: RecordingWebSocket[] = [];
  sent: string[] = [];
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readyState = 0;
  protocol = "";
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: (() => void) | null = null;
  constructor(url: string, protocol?: string | string[]) {
    RecordingWebSocket.opened.push({ url, protocol });
    RecordingWebSocket.instances.push(this);
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {}
}

const jsonResponse = (body: unknown): Response =>
  new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });

const TICKET_UPDATED = gql`
  subscription TicketUpdated {
    ticketUpdated {
      id
    }
  }
`;

const PING = gql`
  query Ping {
    viewer {
      id
    }
  }
`;

describe("graphqlWebSocketUrl", () => {
  it("uses ws for http and wss for https, on the page's host", () => {
    expect(graphqlWebSocketUrl({ protocol: "http:", host: "localhost:5173" })).toBe("ws://localhost:5173/graphql");
    expect(graphqlWebSocketUrl({ protocol: "https:", host: "crm.example.cn" })).toBe("wss://crm.example.cn/graphql");
  });
});

describe("createGraphqlClient", () => {
  it("sends queries as POST with the UI language and opens no socket", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => jsonResponse({ data: { viewer: null } }));
    RecordingWebSocket.opened = [];
    const client = createGraphqlClient({
      url: "http://rapport.test/graphql",
      webSocketUrl: "ws://rapport.test/graphql",
      fetch,
      webSocketImpl: RecordingWebSocket,
      acceptLanguage: () => "en",
    });

    const result = await client.query(PING, {}).toPromise();

    expect(result.data).toEqual({ viewer: null });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe("http://rapport.test/graphql");
    expect(init?.method).toBe("POST");
    expect(init?.credentials).toBe("same-origin");
    expect(new Headers(init?.headers).get("Accept-Language")).toBe("en");
    expect(RecordingWebSocket.opened).toEqual([]);
  });

  it("opens a graphql-transport-ws socket on the first subscription", async () => {
    RecordingWebSocket.opened = [];
    const client = createGraphqlClient({
      url: "http://rapport.test/graphql",
      webSocketUrl: "ws://rapport.test/graphql",
      fetch: vi.fn<typeof globalThis.fetch>(),
      webSocketImpl: RecordingWebSocket,
    });

    const { unsubscribe } = pipe(client.subscription(TICKET_UPDATED, {}), subscribe(() => undefined));

    await vi.waitFor(() => expect(RecordingWebSocket.opened).toHaveLength(1));
    expect(RecordingWebSocket.opened[0]).toEqual({ url: "ws://rapport.test/graphql", protocol: "graphql-transport-ws" });
    unsubscribe();
  });

  it("names the UI language in connection_init, where a browser cannot set the socket's headers", async () => {
    RecordingWebSocket.instances = [];
    const client = createGraphqlClient({
      url: "http://rapport.test/graphql",
      webSocketUrl: "ws://rapport.test/graphql",
      fetch: vi.fn<typeof globalThis.fetch>(),
      webSocketImpl: RecordingWebSocket,
      acceptLanguage: () => "zh-CN",
    });

    const { unsubscribe } = pipe(client.subscription(TICKET_UPDATED, {}), subscribe(() => undefined));

    await vi.waitFor(() => expect(RecordingWebSocket.instances).toHaveLength(1));
    const socket = RecordingWebSocket.instances[0];
    if (!socket) throw new Error("no socket was opened");
    socket.readyState = RecordingWebSocket.OPEN;
    socket.onopen?.();
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1));
    expect(JSON.parse(socket.sent[0] ?? "{}")).toEqual({ type: "connection_init", payload: { locale: "zh-CN" } });
    unsubscribe();
  });
});
