import type { FormInstance } from "antd";

export type UserErrorLike = {
  field: string | null;
  message: string;
  code: string | null;
};

/**
 * Puts each userError on the form field it names ("input.body" or "body"); returns the messages of errors that
 * name no field of this form, for an alert above it.
 */
export const showUserErrors = <Values,>(
  form: FormInstance<Values>,
  userErrors: readonly UserErrorLike[],
  fields: readonly string[],
): string[] => {
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const userError of userErrors) {
    const name = userError.field?.split(".").pop();
    if (name && fields.includes(name)) byField.set(name, [...(byField.get(name) ?? []), userError.message]);
    else rest.push(userError.message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name: name as never, errors })));
  return rest;
};
