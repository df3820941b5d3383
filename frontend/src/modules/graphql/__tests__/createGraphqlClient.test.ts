import { gql } from "@urql/core";
import { describe, expect, it, vi } from "vitest";
import { pipe, subscribe } from "wonka";

import manifest from "../../../generated/persisted-documents.json";
import { AdminAuditLogDocument } from "../../../generated/graphql";
import { createGraphqlClient } from "../client/createGraphqlClient";
import { documentHash } from "../client/documentHash";
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

/** A document as codegen writes it: with its trusted-document hash. */
const HASH = "ab".repeat(32);
const hashed = <T extends object>(document: T): T => Object.assign(document, { __meta__: { hash: `sha256:${HASH}` } });
const notFound = (): Response =>
  new Response(JSON.stringify({ errors: [{ message: "PersistedQueryNotFound", extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }] }), {
    status: 400,
    headers: { "Content-Type": "application/graphql-response+json" },
  });
const sentBody = (fetch: ReturnType<typeof vi.fn<typeof globalThis.fetch>>, call: number): Record<string, unknown> =>
  JSON.parse(String(fetch.mock.calls[call]?.[1]?.body ?? "{}")) as Record<string, unknown>;

const PING = gql`
  query Ping {
    viewer {
      id
    }
  }
`;

/** The first socket the client opened, once open and once it has sent `connection_init`. */
const openedSocket = async (): Promise<RecordingWebSocket> => {
  await vi.waitFor(() => expect(RecordingWebSocket.instances).toHaveLength(1));
  const socket = RecordingWebSocket.instances[0];
  if (!socket) throw new Error("no socket was opened");
  socket.readyState = RecordingWebSocket.OPEN;
  socket.onopen?.();
  await vi.waitFor(() => expect(socket.sent).toHaveLength(1));
  return socket;
};

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

  it("sends a generated query and mutation by their manifest hash, without the document", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => jsonResponse({ data: { viewer: null } }));
    const client = createGraphqlClient({ url: "http://rapport.test/graphql", fetch, webSocketImpl: RecordingWebSocket });

    await client.query(hashed(gql`query HashedPing { viewer { id } }`), {}).toPromise();
    await client.mutation(hashed(gql`mutation HashedSignOut { signOut }`), {}).toPromise();

    for (const call of [0, 1]) {
      expect(fetch.mock.calls[call]?.[1]?.method).toBe("POST");
      const body = sentBody(fetch, call);
      expect(body.query).toBeUndefined();
      expect(body.extensions).toEqual({ persistedQuery: { version: 1, sha256Hash: HASH } });
    }
    expect(sentBody(fetch, 1).operationName).toBe("HashedSignOut");
  });

  it("sends the whole document again when the server does not know the hash", async () => {
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValueOnce(notFound())
      .mockResolvedValueOnce(jsonResponse({ data: { viewer: { id: "u1", __typename: "User" } } }));
    const client = createGraphqlClient({ url: "http://rapport.test/graphql", fetch, webSocketImpl: RecordingWebSocket });

    const result = await client.query(hashed(gql`query MissedPing { viewer { id } }`), {}).toPromise();

    expect(result.error).toBeUndefined();
    expect(result.data).toEqual({ viewer: { id: "u1", __typename: "User" } });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(sentBody(fetch, 0).query).toBeUndefined();
    expect(String(sentBody(fetch, 1).query)).toContain("query MissedPing");
  });

  it("sends a document codegen did not write as text", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => jsonResponse({ data: { viewer: null } }));
    const client = createGraphqlClient({ url: "http://rapport.test/graphql", fetch, webSocketImpl: RecordingWebSocket });

    await client.query(PING, {}).toPromise();

    const body = sentBody(fetch, 0);
    expect(String(body.query)).toContain("query Ping");
    expect(body.extensions).toBeUndefined();
  });

  it("generated documents carry the hash the manifest holds their text under", () => {
    const hash = documentHash(AdminAuditLogDocument);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const text = (manifest as Record<string, string>)[`sha256:${hash}`];
    expect(text).toContain("query AdminAuditLog");
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

    const socket = await openedSocket();
    expect(JSON.parse(socket.sent[0] ?? "{}")).toEqual({ type: "connection_init", payload: { locale: "zh-CN" } });
    unsubscribe();
  });

  it("names a generated subscription's manifest hash when it subscribes", async () => {
    RecordingWebSocket.instances = [];
    const client = createGraphqlClient({
      url: "http://rapport.test/graphql",
      webSocketUrl: "ws://rapport.test/graphql",
      fetch: vi.fn<typeof globalThis.fetch>(),
      webSocketImpl: RecordingWebSocket,
    });

    const document = hashed(gql`subscription HashedTicketUpdated { ticketUpdated { id } }`);
    const { unsubscribe } = pipe(client.subscription(document, {}), subscribe(() => undefined));

    const socket = await openedSocket();
    (socket.onmessage as ((event: { data: string }) => void) | null)?.({ data: JSON.stringify({ type: "connection_ack" }) });
    await vi.waitFor(() => expect(socket.sent).toHaveLength(2));
    const message = JSON.parse(socket.sent[1] ?? "{}") as { type: string; payload: Record<string, unknown> };
    expect(message.type).toBe("subscribe");
    expect(message.payload.extensions).toEqual({ persistedQuery: { version: 1, sha256Hash: HASH } });
    expect(String(message.payload.query)).toContain("subscription HashedTicketUpdated");
    unsubscribe();
  });
});
