import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { RequireViewer } from "../../../modules/auth/components/RequireViewer";
import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderWithProviders } from "../../../testing/renderApp";
import { KnowledgeBasePage } from "../KnowledgeBasePage";

const EDITOR = viewerWith(
  [
    ["Query.kbSearch", "READ"],
    ["Query.kbArticle", "READ"],
    ["Mutation.kbArticleSave", "WRITE"],
    ...["id", "version", "title", "body", "category", "tags", "status", "publishedAt", "updatedAt"].map(
      (field): [string, "WRITE"] => [`KbArticle.${field}`, "WRITE"],
    ),
  ],
  { roles: ["service_supervisor"] },
);

type Article = { id: string; version: number; title: string; body: string; category: string | null; tags: string[]; status: string };

const article = (values: Partial<Article> & { id: string; title: string }) => ({
  __typename: "KbArticle",
  version: 1,
  body: "正文",
  category: "network",
  tags: [],
  status: "draft",
  publishedAt: null,
  updatedAt: "2026-11-02T08:00:00Z",
  ...values,
});

/** The knowledge base: `kbSearch` lists `articles`; saves are recorded in `saved` and change the list. */
const kbServer = (articles: Array<ReturnType<typeof article>>, saved: Array<Record<string, unknown>>): FakeGraphqlResolver => {
  return (operationName, variables) => {
    if (operationName === "Viewer") return viewerResponse(EDITOR);
    if (operationName === "KbEditorArticles") return { data: { kbSearch: articles } };
    if (operationName === "KbArticleSave") {
      const input = variables["input"] as Record<string, unknown>;
      saved.push(input);
      const found = articles.find((a) => a.id === input["id"]);
      const next = found
        ? { ...found, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null)), version: found.version + 1 }
        : article({ ...(input as Partial<Article>), id: "S2JBcnRpY2xlOjk=", title: String(input["title"]) });
      if (found) articles.splice(articles.indexOf(found), 1, next);
      else articles.unshift(next);
      return { data: { kbArticleSave: { __typename: "KbArticlePayload", article: next, userErrors: [] } } };
    }
    throw new Error(`unexpected operation ${operationName}`);
  };
};

const renderPage = (resolve: FakeGraphqlResolver) =>
  renderWithProviders(
    <RequireViewer>
      <KnowledgeBasePage />
    </RequireViewer>,
    resolve,
    { route: "/kb" },
  );

const TIMEOUT = 60_000;

describe("KnowledgeBasePage", () => {
  it(
    "lists drafts and published articles and publishes or unpublishes one at its version",
    async () => {
      const user = userEvent.setup();
      const saved: Array<Record<string, unknown>> = [];
      renderPage(
        kbServer(
          [
            article({ id: "S2JBcnRpY2xlOjE=", title: "如何重置路由器", status: "published", version: 3 }),
            article({ id: "S2JBcnRpY2xlOjI=", title: "发票开具流程", category: "billing" }),
          ],
          saved,
        ),
      );
      const items = await screen.findAllByTestId("kb-editor-item", {}, { timeout: 10_000 });
      expect(items.map((item) => item.getAttribute("data-status"))).toEqual(["published", "draft"]);
      expect(items[0]).toHaveTextContent("已发布");
      expect(items[1]).toHaveTextContent("草稿");

      await user.click(within(items[0]!).getByTestId("kb-unpublish"));
      await waitFor(() => expect(saved).toHaveLength(1));
      expect(saved[0]).toEqual({ id: "S2JBcnRpY2xlOjE=", version: 3, status: "draft" });
      await user.click(within(items[1]!).getByTestId("kb-publish"));
      await waitFor(() => expect(saved).toHaveLength(2));
      expect(saved[1]).toEqual({ id: "S2JBcnRpY2xlOjI=", version: 1, status: "published" });
    },
    TIMEOUT,
  );

  it(
    "writes a new article with its category and tags, previews it and publishes it",
    async () => {
      const user = userEvent.setup();
      const saved: Array<Record<string, unknown>> = [];
      renderPage(kbServer([], saved));
      expect(await screen.findByTestId("kb-editor-empty", {}, { timeout: 10_000 })).toBeInTheDocument();

      await user.click(screen.getByTestId("kb-new"));
      const dialog = await screen.findByRole("dialog");
      await user.click(within(dialog).getByTestId("kb-editor-title"));
      await user.paste("打印机脱机怎么办");
      await user.click(within(dialog).getByTestId("kb-editor-body"));
      await user.paste("# 步骤\n\n- 重启打印机\n- 检查**网线**");
      await user.type(within(within(dialog).getByTestId("kb-editor-tags")).getByRole("combobox"), "打印机{Enter}");
      await user.click(within(dialog).getByRole("tab", { name: "预览" }));
      expect(await within(dialog).findByText("网线")).toBeInTheDocument();
      await user.click(within(dialog).getByTestId("kb-editor-published"));
      await user.click(screen.getByTestId("kb-editor-save"));

      await waitFor(() => expect(saved).toHaveLength(1));
      expect(saved[0]).toEqual({
        id: null,
        version: null,
        title: "打印机脱机怎么办",
        category: "",
        tags: ["打印机"],
        body: "# 步骤\n\n- 重启打印机\n- 检查**网线**",
        status: "published",
      });
      await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    },
    TIMEOUT,
  );

  it(
    "refuses viewers who may not write articles",
    async () => {
      renderWithProviders(
        <RequireViewer>
          <KnowledgeBasePage />
        </RequireViewer>,
        (operationName) => {
          if (operationName === "Viewer") return viewerResponse(viewerWith([["Query.kbSearch", "READ"]]));
          throw new Error(`unexpected operation ${operationName}`);
        },
      );
      expect(await screen.findByTestId("kb-no-access", {}, { timeout: 10_000 })).toBeInTheDocument();
    },
    TIMEOUT,
  );
});
