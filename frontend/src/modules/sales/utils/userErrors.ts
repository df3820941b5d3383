import type { UserError } from "../types/UserError";

/** "input.lostReason" or "lostReason" → "lostReason"; null for an error about no single field. */
export const userErrorField = (field: string | null): string | null => field?.split(".").pop() ?? null;

export type SplitUserErrors<Field extends string> = {
  /** Messages per form field, ready for `form.setFields`. */
  fields: Array<{ name: Field; errors: string[] }>;
  /** Messages about no field the form shows. */
  general: string[];
};

/** Sorts userErrors onto the form's fields; the rest are general messages. */
export const splitUserErrors = <Field extends string>(
  userErrors: readonly UserError[],
  formFields: readonly Field[],
): SplitUserErrors<Field> => {
  const byField = new Map<Field, string[]>();
  const general: string[] = [];
  for (const userError of userErrors) {
    const name = userErrorField(userError.field);
    const field = formFields.find((candidate) => candidate === name);
    if (field) byField.set(field, [...(byField.get(field) ?? []), userError.message]);
    else general.push(userError.message);
  }
  return { fields: [...byField].map(([name, errors]) => ({ name, errors })), general };
};
