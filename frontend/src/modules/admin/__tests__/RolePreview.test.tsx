import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";
import { previewRole } from "../utils/permissionMatrix";
import { ADMIN_VIEWER, permissionMatrixResponse, shellResponse } from "./adminFixtures";

const adminServer: FakeGraphqlResolver = (operationName) => {
  if (operationName === "Viewer") return viewerResponse(ADMIN_VIEWER);
  const shell = shellResponse(operationName);
  if (shell) return shell;
  if (operationName === "AdminPermissionMatrix") return permissionMatrixResponse();
  throw new Error(`unexpected operation ${operationName}`);
};

describe("view as role", { timeout: 60_000 }, () => {
  it("computes read, masked and hidden fields per type from the effective access", () => {
    const response = permissionMatrixResponse();
    const matrix = (response as { data: { permissionMatrix: Parameters<typeof previewRole>[0] } }).data.permissionMatrix;

    const agent = previewRole(matrix, "service_agent");
    expect(agent.find((p) => p.type === "Contact")).toMatchObject({ read: ["name"], masked: ["phones"], hidden: [] });
    expect(agent.find((p) => p.type === "Customer")).toMatchObject({ read: ["name"], masked: [], hidden: ["idNumber"], scopes: ["RELATED"] });
    // A type the role sees nothing of comes last.
    expect(agent.at(-1)).toMatchObject({ type: "Lead", read: [], masked: [], hidden: ["phone"] });

    // Inherited access counts: the supervisor's effective access includes the agent's.
    const supervisor = previewRole(matrix, "service_supervisor");
    expect(supervisor.find((p) => p.type === "Contact")).toMatchObject({ read: ["name"], masked: ["phones"] });
  });

  it("shows what the picked role would see, without asking the server", async () => {
    const user = userEvent.setup({ delay: null });
    const app = renderApp(adminServer, { route: "/admin/permissions?view=preview&as=service_agent" });

    const contact = await screen.findByTestId("preview-Contact", {}, { timeout: 5000 });
    expect(within(contact).getByTestId("preview-Contact-read")).toHaveTextContent("name");
    expect(within(contact).getByTestId("preview-Contact-masked")).toHaveTextContent("phones");
    expect(within(screen.getByTestId("preview-Customer")).getByTestId("preview-Customer-hidden")).toHaveTextContent("1 个字段");
    // Types the role sees nothing of are left out until asked for.
    expect(screen.queryByTestId("preview-Lead")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("preview-all-types"));
    expect(await screen.findByTestId("preview-Lead")).toBeInTheDocument();

    // Another role: the sales rep reads phones unmasked.
    await user.click(within(screen.getByTestId("preview-role")).getByRole("combobox"));
    await user.click(await screen.findByTitle("销售代表"));
    await waitFor(() => expect(screen.getByTestId("preview-Contact-read")).toHaveTextContent("phones"));
    expect(screen.getByTestId("preview-Contact-masked")).toBeEmptyDOMElement();
    expect(app.currentLocation()).toContain("as=sales_rep");
    expect(app.calls.map((call) => call.operationName).filter((name) => name.startsWith("Admin"))).toEqual(["AdminPermissionMatrix"]);
  });
});
