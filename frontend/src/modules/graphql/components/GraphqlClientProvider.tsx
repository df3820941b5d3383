import type { Client } from "@urql/core";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Provider } from "urql";

import { GraphqlClientResetContext } from "../contexts/GraphqlClientResetContext";

type GraphqlClientProviderProps = {
  createClient: () => Client;
  children: ReactNode;
};

/**
 * Provides the urql client and a way to start over with an empty one, so that nothing one user loaded stays
 * in memory after they sign out. A new language starts over too: the server's text (messages, notifications,
 * seeded names) comes again in that language, on a socket opened in it.
 */
export const GraphqlClientProvider = ({ createClient, children }: GraphqlClientProviderProps) => {
  const [client, setClient] = useState<Client>(createClient);
  const resetClient = useCallback(() => setClient(createClient()), [createClient]);
  const { i18n } = useTranslation();
  const loadedLanguage = useRef(i18n.language);

  useEffect(() => {
    if (loadedLanguage.current === i18n.language) return;
    loadedLanguage.current = i18n.language;
    resetClient();
  }, [i18n.language, resetClient]);

  return (
    <GraphqlClientResetContext value={resetClient}>
      <Provider value={client}>{children}</Provider>
    </GraphqlClientResetContext>
  );
};
