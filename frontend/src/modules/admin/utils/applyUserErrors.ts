import type { FormInstance } from "antd";

export type UserErrorLike = { field: string | null; message: string };

/** "input.roles.0" or "roles" → "roles"; the last path segment that names a form field. */
const formFieldOf = (path: string | null, fields: readonly string[]): string | null => {
  if (!path) return null;
  const segments = path.split(".").filter((segment) => !/^\d+$/.test(segment));
  const name = segments.pop();
  return name && fields.includes(name) ? name : null;
};

/**
 * Puts each server `userErrors[]` entry on the form field it names; returns the messages that name none of the
 * form's fields (to show above the form).
 */
export const applyUserErrors = <Values>(
  form: FormInstance<Values>,
  userErrors: readonly UserErrorLike[],
  fields: readonly string[],
): string[] => {
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const userError of userErrors) {
    const field = formFieldOf(userError.field, fields);
    if (field) byField.set(field, [...(byField.get(field) ?? []), userError.message]);
    else rest.push(userError.message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name: name as never, errors })));
  return rest;
};
