import type { FormInstance } from "antd";
import type { NamePath } from "antd/es/form/interface";

export type UserErrorLike = {
  field: string | null;
  message: string;
};

/** The path of a userError's field without the mutation's `input.` prefix: "input.contacts.0.name" → ["contacts", "0", "name"]. */
export const userErrorPath = (field: string | null): string[] => {
  const parts = (field ?? "").split(".").filter(Boolean);
  return parts[0] === "input" ? parts.slice(1) : parts;
};

/**
 * Puts each userError on the form field `fieldFor` maps its path to, and returns the messages that belong to
 * no field (to show above the form).
 */
export const applyUserErrors = <Values,>(
  form: FormInstance<Values>,
  userErrors: readonly UserErrorLike[],
  fieldFor: (path: string[]) => (keyof Values & string) | null,
): string[] => {
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  for (const userError of userErrors) {
    const field = fieldFor(userErrorPath(userError.field));
    if (field) byField.set(field, [...(byField.get(field) ?? []), userError.message]);
    else general.push(userError.message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name: name as NamePath<Values>, errors })));
  return general;
};

/** A `fieldFor` for forms whose field names are the input's own (top-level) names. */
export const sameNameField =
  <F extends string>(fields: readonly F[]) =>
  (path: string[]): F | null =>
    fields.find((field) => field === path[0]) ?? null;
