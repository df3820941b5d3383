import { render, screen, type RenderResult } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter, useLocation } from "react-router";

import { createI18n } from "../i18n/createI18n";
import { withLazyNamespaces } from "./lazyNamespaces";
import type { Language } from "../i18n/languages";
import { AppProviders } from "../modules/app/components/AppProviders";
import { AppRoutes } from "../modules/app/components/AppRoutes";
import { createFakeGraphqlServer, type FakeGraphqlResolver, type FakeGraphqlServer } from "./fakeGraphqlExchange";

const LocationProbe = () => {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
};

type RenderAppOptions = {
  route?: string;
  language?: Language;
};

export type RenderedApp = RenderResult &
  FakeGraphqlServer & {
    /** The router's current path + query string. */
    currentLocation: () => string;
  };

/** Renders `ui` inside the real providers and a router at `route`, with GraphQL answered by `resolve`. */
export const renderWithProviders = (
  ui: ReactNode,
  resolve: FakeGraphqlResolver,
  { route = "/", language = "zh-CN" }: RenderAppOptions = {},
): RenderedApp => {
  const server = createFakeGraphqlServer(resolve);
  const result = render(
    <AppProviders createGraphqlClient={server.createClient} i18n={withLazyNamespaces(createI18n(language))}>
      <MemoryRouter initialEntries={[route]} useTransitions={false}>
        {ui}
        <LocationProbe />
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...result, ...server, currentLocation: () => screen.getByTestId("location").textContent ?? "" };
};

/** Renders the whole route table at `route`. */
export const renderApp = (resolve: FakeGraphqlResolver, options: RenderAppOptions = {}): RenderedApp =>
  renderWithProviders(<AppRoutes />, resolve, options);
