import type { Client } from "@urql/core";
import type { i18n } from "i18next";
import type { ReactNode } from "react";

import { GraphqlClientProvider } from "../../graphql/components/GraphqlClientProvider";
import { LocaleProvider } from "../../localization/components/LocaleProvider";

type AppProvidersProps = {
  createGraphqlClient: () => Client;
  i18n: i18n;
  children: ReactNode;
};

/** Language (i18next, antd, dayjs) and the GraphQL client. */
export const AppProviders = ({ createGraphqlClient, i18n, children }: AppProvidersProps) => (
  <LocaleProvider i18n={i18n}>
    <GraphqlClientProvider createClient={createGraphqlClient}>{children}</GraphqlClientProvider>
  </LocaleProvider>
);
