import type { Client } from "@urql/core";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useClient } from "urql";
import { describe, expect, it, vi } from "vitest";

import { createI18n } from "../../../i18n/createI18n";
import { LanguageSwitch } from "../../localization/components/LanguageSwitch";
import { LocaleProvider } from "../../localization/components/LocaleProvider";
import { createGraphqlClient } from "../client/createGraphqlClient";
import { GraphqlClientProvider } from "../components/GraphqlClientProvider";

describe("GraphqlClientProvider", () => {
  it("starts a new client when the language changes, so the server's text comes again in it", async () => {
    const created: Client[] = [];
    const newClient = () => {
      const client = createGraphqlClient({ url: "http://rapport.test/graphql", webSocketUrl: "ws://rapport.test/graphql", fetch: vi.fn<typeof fetch>() });
      created.push(client);
      return client;
    };
    const Probe = () => <span data-testid="client">{created.indexOf(useClient())}</span>;
    render(
      <LocaleProvider i18n={createI18n("zh-CN")}>
        <GraphqlClientProvider createClient={newClient}>
          <Probe />
          <LanguageSwitch />
        </GraphqlClientProvider>
      </LocaleProvider>,
    );
    expect(screen.getByTestId("client")).toHaveTextContent("0");

    const user = userEvent.setup();
    await user.click(await screen.findByTestId("lang-switch"));
    await user.click(await screen.findByText("English", { selector: "[data-testid^=lang-option]" }));

    await vi.waitFor(() => expect(screen.getByTestId("client")).toHaveTextContent("1"));
    expect(created).toHaveLength(2);
  });
});
