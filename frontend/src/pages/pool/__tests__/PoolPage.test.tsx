import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Viewer } from "../../../modules/auth/types/Viewer";
import { connection, SALES_DIRECTOR, SALES_REP, userErrorsOf } from "../../../modules/sales/__tests__/salesFixtures";
import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

const poolCustomer = (id: string, name: string) => ({
  __typename: "PoolCustomer",
  id,
  name,
  kind: "company",
  grade: "B",
  industry: "制造业",
  province: "浙江省",
  city: "宁波",
  size: "50-199",
  source: "展会",
  inPoolSince: "2026-02-01T01:00:00Z",
  lastFollowUpAt: "2026-01-01T01:00:00Z",
  createdAt: "2025-06-01T01:00:00Z",
});

const claimAnswer = (payload: Record<string, unknown>): FakeGraphqlResponse => ({
  data: { poolClaim: { __typename: "PoolPayload", claimsLeft: null, customer: null, userErrors: [], ...payload } },
});

const poolServer = (
  claim: () => FakeGraphqlResponse,
  { viewer = SALES_REP, claimsLeft = 3 }: { viewer?: Viewer; claimsLeft?: number } = {},
): FakeGraphqlResolver => {
  let left = claimsLeft;
  return (operationName) => {
    if (operationName === "Viewer") return viewerResponse(viewer);
    if (operationName === "PublicPool") {
      return {
        data: {
          poolClaimsLeft: left,
          publicPool: connection("PoolCustomerConnection", [poolCustomer("pc-1", "宁波海曙机械"), poolCustomer("pc-2", "温州鹿城电子")]),
        },
      };
    }
    if (operationName === "PoolClaim") {
      const answer = claim();
      if ("data" in answer && !JSON.stringify(answer).includes("userErrors\":[{")) left -= 1;
      return answer;
    }
    if (operationName === "PoolAllocate") {
      return {
        data: {
          poolAllocate: {
            __typename: "PoolPayload",
            customer: {
              __typename: "Customer",
              id: "pc-1",
              name: "宁波海曙机械",
              owner: { __typename: "User", id: "user-rep2", name: "Ray Rep" },
            },
            userErrors: [],
          },
        },
      };
    }
    if (operationName === "SalesForce") {
      return {
        data: {
          salesForce: [{ __typename: "User", id: "user-rep2", name: "Ray Rep", email: "rep2@demo.example", team: null }],
        },
      };
    }
    return { errors: [{ message: `unexpected operation ${operationName}`, extensions: { code: "INTERNAL" } }] };
  };
};

describe("PoolPage", { timeout: 30_000 }, () => {
  it("shows the claims left today and the pool's customers, filtered through the URL", async () => {
    const app = renderApp(
      poolServer(() => claimAnswer({})),
      { route: "/pool?province=%E6%B5%99%E6%B1%9F%E7%9C%81&grade=B&grade=Z" },
    );

    // The label shows before the count arrives: wait for the count itself.
    await waitFor(() => expect(screen.getByTestId("pool-claims-left")).toHaveTextContent("今日还可领取3"), { timeout: 5000 });
    const row = await screen.findByTestId("pool-row-pc-1");
    expect(row).toHaveTextContent("宁波海曙机械");
    expect(row).toHaveTextContent("浙江省 宁波");
    // A rep may claim but not allocate.
    expect(within(row).getByTestId("pool-claim-pc-1")).toBeInTheDocument();
    expect(within(row).queryByTestId("pool-allocate-pc-1")).not.toBeInTheDocument();
    expect(app.calls.find((call) => call.operationName === "PublicPool")?.variables).toEqual({
      first: 20,
      after: null,
      filter: { provinces: ["浙江省"], grades: ["B"], industries: null },
      withClaimsLeft: true,
    });
  });

  it("explains CLAIM_LIMIT clearly", async () => {
    renderApp(
      poolServer(
        () =>
          claimAnswer({
            userErrors: userErrorsOf({ field: "customerId", message: "今天已领取 5 个客户，明天再来。", code: "CLAIM_LIMIT" }),
          }),
        { claimsLeft: 0 },
      ),
      { route: "/pool" },
    );

    await waitFor(() => expect(screen.getByTestId("pool-claims-left")).toHaveTextContent("今日还可领取0"), { timeout: 5000 });
    expect(screen.getByText("今日领取次数已用完，明天再来。")).toBeInTheDocument();
    await userEvent.setup({ delay: null }).click(await screen.findByTestId("pool-claim-pc-1"));

    const alert = await screen.findByTestId("pool-claim-error");
    expect(alert).toHaveTextContent("今日领取已达上限");
    expect(alert).toHaveTextContent("今天已领取 5 个客户，明天再来。");
    expect(alert).toHaveAttribute("data-code", "limit");
  });

  it("explains COOLDOWN clearly", async () => {
    renderApp(
      poolServer(() =>
        claimAnswer({
          userErrors: userErrorsOf({ field: "customerId", message: "你 3 天前失去了这个客户，7 天后才能领回。", code: "COOLDOWN" }),
        }),
      ),
      { route: "/pool" },
    );
    await userEvent.setup({ delay: null }).click(await screen.findByTestId("pool-claim-pc-2", {}, { timeout: 5000 }));
    const alert = await screen.findByTestId("pool-claim-error");
    expect(alert).toHaveTextContent("冷却期内不能领回");
    expect(alert).toHaveAttribute("data-code", "cooldown");
  });

  it("claims a customer, refreshes the claims left and offers to open the customer", async () => {
    const app = renderApp(
      poolServer(() =>
        claimAnswer({ claimsLeft: 2, customer: { __typename: "Customer", id: "customer-pc-1", name: "宁波海曙机械" } }),
      ),
      { route: "/pool" },
    );
    await userEvent.setup({ delay: null }).click(await screen.findByTestId("pool-claim-pc-1", {}, { timeout: 5000 }));

    expect(await screen.findByTestId("pool-claim-result")).toHaveTextContent("已领取「宁波海曙机械」");
    expect(app.calls.find((call) => call.operationName === "PoolClaim")?.variables).toEqual({
      input: { customerId: "pc-1" },
    });
    await waitFor(() => expect(screen.getByTestId("pool-claims-left")).toHaveTextContent("今日还可领取2"));
    await userEvent.setup({ delay: null }).click(screen.getByTestId("pool-open-customer"));
    await waitFor(() => expect(app.currentLocation()).toBe("/customers/customer-pc-1"));
  });

  it("lets a director allocate a pool customer to a rep", async () => {
    const app = renderApp(poolServer(() => claimAnswer({}), { viewer: SALES_DIRECTOR }), { route: "/pool" });
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByTestId("pool-allocate-pc-1", {}, { timeout: 5000 }));
    await user.click(screen.getByTestId("pool-allocate-submit"));
    expect(await screen.findByText("请选择销售人员")).toBeInTheDocument();
    expect(app.calls.some((call) => call.operationName === "PoolAllocate")).toBe(false);

    await user.click(within(screen.getByRole("dialog")).getByRole("combobox"));
    await user.click(await screen.findByText("Ray Rep"));
    await user.click(screen.getByTestId("pool-allocate-submit"));

    expect(await screen.findByText("「宁波海曙机械」已分配给 Ray Rep。")).toBeInTheDocument();
    expect(app.calls.find((call) => call.operationName === "PoolAllocate")?.variables).toEqual({
      input: { customerId: "pc-1", userId: "user-rep2" },
    });
  });
});
