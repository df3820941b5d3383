import { useContext } from "react";

import { GraphqlClientResetContext } from "../contexts/GraphqlClientResetContext";

/** Drops every cached result by replacing the client; only valid below GraphqlClientProvider. */
export const useResetGraphqlClient = (): (() => void) => {
  const resetClient = useContext(GraphqlClientResetContext);
  if (!resetClient) throw new Error("useResetGraphqlClient is used outside GraphqlClientProvider: wrap the app in it.");
  return resetClient;
};
