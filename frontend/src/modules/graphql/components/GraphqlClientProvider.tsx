import type { Client } from "@urql/core";
import { useCallback, useState, type ReactNode } from "react";
import { Provider } from "urql";

import { GraphqlClientResetContext } from "../contexts/GraphqlClientResetContext";

type GraphqlClientProviderProps = {
  createClient: () => Client;
  children: ReactNode;
};

/**
 * Provides the urql client and a way to start over with an empty one, so that nothing one user loaded stays
 * in memory after they sign out.
 */
export const GraphqlClientProvider = ({ createClient, children }: GraphqlClientProviderProps) => {
  const [client, setClient] = useState<Client>(createClient);
  const resetClient = useCallback(() => setClient(createClient()), [createClient]);

  return (
    <GraphqlClientResetContext value={resetClient}>
      <Provider value={client}>{children}</Provider>
    </GraphqlClientResetContext>
  );
};
