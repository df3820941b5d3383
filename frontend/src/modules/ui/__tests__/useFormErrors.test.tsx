import { CombinedError } from "@urql/core";
import { act, screen } from "@testing-library/react";
import { Form, Input } from "antd";
import { GraphQLError } from "graphql";
import { createRef, useImperativeHandle, type Ref } from "react";
import { describe, expect, it, vi } from "vitest";

import { renderWithProviders } from "../../../testing/renderApp";
import type { MutationOutcome } from "../../graphql/errors/mutationProblem";
import { FormErrorAlert } from "../components/FormErrorAlert";
import { useFormErrors, useMutationErrorText, type FormErrors } from "../hooks/useFormErrors";

type Values = { name: string; roles: string };

const noServer = () => {
  throw new Error("the form asks the server nothing");
};

/** A form whose `check` the test calls (through `ref`) with a mutation's outcome. */
const TestForm = ({ ref, onReload }: { ref: Ref<FormErrors>; onReload?: (() => void) | undefined }) => {
  const [form] = Form.useForm<Values>();
  const formErrors = useFormErrors(form, { fields: ["name", "roles"], failed: "Could not save." });
  useImperativeHandle(ref, () => formErrors, [formErrors]);
  return (
    <Form<Values> form={form}>
      <FormErrorAlert error={formErrors.error} onReload={onReload} testId="test" />
      <Form.Item<Values> name="name" label="Name">
        <Input />
      </Form.Item>
      <Form.Item<Values> name="roles" label="Roles">
        <Input />
      </Form.Item>
    </Form>
  );
};

const renderForm = (onReload?: () => void) => {
  const handle = createRef<FormErrors>();
  renderWithProviders(<TestForm ref={handle} onReload={onReload} />, noServer, { language: "en" });
  const check = (outcome: MutationOutcome) => {
    let payload: unknown = null;
    act(() => {
      payload = handle.current?.check(outcome);
    });
    return payload;
  };
  return { check, clear: () => act(() => handle.current?.clear()) };
};

const graphqlError = (code: string, message = `${code} happened`) =>
  new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code } })] });

describe("useFormErrors", () => {
  it("puts userErrors on the fields they name and the others above the form", async () => {
    const { check } = renderForm();
    const result = check({
      payload: {
        userErrors: [
          { field: "input.name", message: "Name it.", code: "REQUIRED" },
          { field: "roles.1", message: "No such role.", code: "INVALID" },
          { field: null, message: "Try again tomorrow.", code: "LIMIT" },
        ],
      },
    });
    expect(result).toBeNull();
    expect(await screen.findByText("Name it.")).toBeInTheDocument();
    expect(await screen.findByText("No such role.")).toBeInTheDocument();
    expect(screen.getByTestId("test-error")).toHaveTextContent("Try again tomorrow.");
  });

  it("hands back the payload when nothing went wrong, and shows nothing", () => {
    const { check } = renderForm();
    const payload = { userErrors: [], id: "1" };
    expect(check({ payload })).toBe(payload);
    expect(screen.queryByTestId("test-error")).not.toBeInTheDocument();
  });

  it("says why a request failed: the server's explanation, else the form's own words", () => {
    const { check, clear } = renderForm();
    check({ error: graphqlError("BAD_USER_INPUT", "The list is too long."), payload: null });
    expect(screen.getByTestId("test-error")).toHaveTextContent("The list is too long.");
    check({ error: new CombinedError({ networkError: new Error("offline") }), payload: null });
    expect(screen.getByTestId("test-error")).toHaveTextContent("Could not save.");
    check({ error: graphqlError("FORBIDDEN"), payload: null });
    expect(screen.getByTestId("test-error")).toHaveTextContent("Your roles do not allow this.");
    clear();
    expect(screen.queryByTestId("test-error")).not.toBeInTheDocument();
  });

  it("offers to reload after a conflict", () => {
    const onReload = vi.fn<() => void>();
    const { check } = renderForm(onReload);
    check({ error: graphqlError("CONFLICT"), payload: null });
    expect(screen.getByTestId("test-conflict")).toHaveTextContent("Someone else just changed this");
    act(() => screen.getByTestId("test-reload").click());
    expect(onReload).toHaveBeenCalledOnce();
  });
});

describe("useMutationErrorText", () => {
  it("reads the same problems as one sentence", () => {
    const texts: Array<string | null> = [];
    const Probe = () => {
      const errorText = useMutationErrorText();
      texts.push(
        errorText({ payload: { userErrors: [] } }, "Failed."),
        errorText({ payload: { userErrors: [{ field: "a", message: "One." }, { field: null, message: "Two." }] } }, "Failed."),
        errorText({ error: graphqlError("INTERNAL"), payload: null }, "Failed."),
        errorText({ error: graphqlError("CONFLICT"), payload: null }, "Failed."),
      );
      return null;
    };
    renderWithProviders(<Probe />, noServer, { language: "en" });
    expect(texts.slice(0, 4)).toEqual([null, "One. Two.", "Failed.", "Someone else just changed this. Reload, then save again."]);
  });
});
