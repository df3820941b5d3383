import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App, Form, Input, Modal } from "antd";
import { describe, expect, it, vi } from "vitest";

import { renderWithProviders } from "../../../testing/renderApp";
import { useDiscardGuard } from "../hooks/useDiscardGuard";

const noServer = () => {
  throw new Error("the form asks the server nothing");
};

/** An edit modal as the app's are: its cancel (close button, Esc) goes through the guard. */
const EditForm = ({ onClose, body }: { onClose: () => void; body?: string }) => {
  const [form] = Form.useForm<{ name: string }>();
  const close = useDiscardGuard(form, onClose, body === undefined ? { testId: "test-discard" } : { testId: "test-discard", body });
  return (
    <Modal open title="Edit" onCancel={close} cancelText="Cancel">
      <Form form={form} initialValues={{ name: "张三" }}>
        <Form.Item name="name" label="Name">
          <Input data-testid="name" />
        </Form.Item>
      </Form>
    </Modal>
  );
};

/** Pages hold the antd App that gives forms their confirm dialogs. */
const EditModal = (props: { onClose: () => void; body?: string }) => (
  <App component={false}>
    <EditForm {...props} />
  </App>
);

describe("useDiscardGuard", () => {
  it("closes an untouched form at once", async () => {
    const onClose = vi.fn<() => void>();
    renderWithProviders(<EditModal onClose={onClose} />, noServer, { language: "en" });
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("test-discard")).not.toBeInTheDocument();
  });

  it("asks before discarding edits, in the reader's language, and keeps them when asked to", async () => {
    const onClose = vi.fn<() => void>();
    renderWithProviders(<EditModal onClose={onClose} body="什么都不会保存。" />, noServer, { language: "zh-CN" });
    await userEvent.type(screen.getByTestId("name"), "贸易");
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));

    expect(await screen.findAllByText("放弃所做的修改？")).not.toHaveLength(0);
    expect(screen.getByText("什么都不会保存。")).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "继续编辑" }));
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByTestId("name")).toHaveValue("张三贸易");

    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.getAllByTestId("test-discard")).toHaveLength(2));
    await userEvent.click(screen.getAllByTestId("test-discard").at(-1)!);
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
  });
});
