import type { Client } from "@urql/core";
import type { i18n } from "i18next";
import { BrowserRouter } from "react-router";

import { AppProviders } from "./AppProviders";
import { AppRoutes } from "./AppRoutes";

type AppProps = {
  createGraphqlClient: () => Client;
  i18n: i18n;
};

export const App = ({ createGraphqlClient, i18n }: AppProps) => (
  <AppProviders createGraphqlClient={createGraphqlClient} i18n={i18n}>
    {/* Navigations are plain updates, not transitions, so a navigation and the state changes made with it
        (e.g. sign-out's client reset) render together. */}
    <BrowserRouter useTransitions={false}>
      <AppRoutes />
    </BrowserRouter>
  </AppProviders>
);
