type PageLocation = Pick<Location, "protocol" | "host">;

/** The same-origin GraphQL WebSocket endpoint: ws(s)://<host>/graphql. */
export const graphqlWebSocketUrl = (location: PageLocation, path = "/graphql"): string =>
  `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${path}`;
