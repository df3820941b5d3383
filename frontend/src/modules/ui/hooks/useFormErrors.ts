import type { FormInstance } from "antd";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import {
  mutationProblem,
  splitUserErrors,
  type MutationOutcome,
  type MutationPayload,
  type UserErrorFields,
} from "../../graphql/errors/mutationProblem";

/** What a form shows above its fields: a conflict (with a reload action) or a message. */
export type FormError = { kind: "conflict" } | { kind: "message"; text: string };

type FormErrorsOptions<Field extends string> = {
  /** Where userErrors belong: the form's field names, or a function from the error's input path to a field. */
  fields: UserErrorFields<Field>;
  /** Shown when the request failed and the server gave no explanation (network error, INTERNAL). */
  failed: string;
};

export type FormErrors = {
  /** The error above the form, if any. */
  error: FormError | null;
  clear: () => void;
  /** Shows a message above the form. */
  show: (text: string) => void;
  /**
   * Shows what went wrong with a mutation: each userError on the field it names, the others above the form;
   * a conflict, a refusal or a failed request above the form. Returns the payload when nothing went wrong.
   */
  check: <Payload extends MutationPayload>(outcome: MutationOutcome<Payload>) => Payload | null;
};

/** The one way a form shows a mutation's errors (see `FormErrorAlert` for the part above the fields). */
export const useFormErrors = <Values, Field extends string & keyof Values>(
  form: FormInstance<Values>,
  { fields, failed }: FormErrorsOptions<Field>,
): FormErrors => {
  const { t } = useTranslation("common");
  const [error, setError] = useState<FormError | null>(null);
  const clear = useCallback(() => setError(null), []);
  const show = useCallback((text: string) => setError({ kind: "message", text }), []);
  const check = <Payload extends MutationPayload>(outcome: MutationOutcome<Payload>): Payload | null => {
    const problem = mutationProblem(outcome);
    if (!problem) return outcome.payload ?? null;
    if (problem.kind === "conflict") setError({ kind: "conflict" });
    else if (problem.kind === "forbidden") show(t("forbidden"));
    else if (problem.kind === "failed") show(problem.message ?? failed);
    else {
      const split = splitUserErrors(problem.userErrors, fields);
      form.setFields(split.fields.map(({ name, errors }) => ({ name: name as never, errors })));
      setError(split.general.length > 0 ? { kind: "message", text: split.general.join(" ") } : null);
    }
    return null;
  };
  return { error, clear, show, check };
};

/**
 * The same reading of a mutation's errors for actions without a form (a toast): one sentence, or null when
 * nothing went wrong.
 */
export const useMutationErrorText = () => {
  const { t } = useTranslation("common");
  return useMemo(
    () =>
      (outcome: MutationOutcome, failed: string): string | null => {
        const problem = mutationProblem(outcome);
        if (!problem) return null;
        if (problem.kind === "conflict") return t("conflict");
        if (problem.kind === "forbidden") return t("forbidden");
        if (problem.kind === "failed") return problem.message ?? failed;
        return problem.userErrors.map((userError) => userError.message).join(" ");
      },
    [t],
  );
};
