import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import { VALUE_CHOICES, type ValueTarget } from "../utils/importMapping";

const TARGET_KEYS = [
  "name",
  "externalId",
  "kind",
  "status",
  "grade",
  "source",
  "industry",
  "province",
  "city",
  "size",
  "owner",
  "tags",
  "contactName",
  "contactTitle",
  "contactPhone",
  "contactEmail",
  "address",
] as const;
const ACTIONS = ["CREATE", "UPDATE", "SKIP", "CONFLICT", "REJECT"] as const;
const MATCH_KEYS = ["externalId", "phone", "email", "name"] as const;

const known = <Key extends string>(keys: readonly Key[], key: string): key is Key => (keys as readonly string[]).includes(key);

/** The words for what the server names by key (fields, row actions, match keys, mapped values); an unknown key as it is. */
export const useImportLabels = () => {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      target: (key: string) => (known(TARGET_KEYS, key) ? t(`imports.targets.${key}`) : key),
      action: (key: string) => (known(ACTIONS, key) ? t(`imports.actions.${key}`) : key),
      matchKey: (key: string) => (known(MATCH_KEYS, key) ? t(`imports.preview.keys.${key}`) : key),
      choice: (target: Exclude<ValueTarget, "tags">, choice: string) => {
        if (target === "grade" && known(VALUE_CHOICES.grade, choice)) return t(`imports.values.choices.grade.${choice}`);
        if (target === "status" && known(VALUE_CHOICES.status, choice)) return t(`imports.values.choices.status.${choice}`);
        if (target === "kind" && known(VALUE_CHOICES.kind, choice)) return t(`imports.values.choices.kind.${choice}`);
        return choice;
      },
    }),
    [t],
  );
};
