import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import type { ImportKindKey } from "../utils/importKinds";
import { valueChoices } from "../utils/importMapping";

const ACTIONS = ["CREATE", "UPDATE", "SKIP", "CONFLICT", "REJECT"] as const;
const MATCH_KEYS = ["externalId", "phone", "email", "name"] as const;

const known = <Key extends string>(keys: readonly Key[], key: string): key is Key => (keys as readonly string[]).includes(key);

/**
 * The words for what the server names by key (a kind's fields, row actions, match keys, mapped values); an unknown
 * key as it is. Fields and values are looked up by a key built from the kind: customers' in `imports.targets` and
 * `imports.values.choices`, the other kinds' in `imports.kinds.<kind>.targets` and `.choices`.
 */
export const useImportLabels = (kind: ImportKindKey = "customers") => {
  const { t, i18n } = useTranslation();
  return useMemo(() => {
    // Keys built at run time are not among the typed ones: looked up as plain strings, the key itself when missing.
    const text = (key: string, fallback: string) => (i18n.exists(key) ? (t as unknown as (key: string) => string)(key) : fallback);
    const base = kind === "customers" ? "imports" : `imports.kinds.${kind}`;
    return {
      target: (key: string) => text(`${base}.targets.${key}`, key),
      action: (key: string) => (known(ACTIONS, key) ? t(`imports.actions.${key}`) : key),
      matchKey: (key: string) => (known(MATCH_KEYS, key) ? t(`imports.preview.keys.${key}`) : key),
      choice: (target: string, choice: string) =>
        valueChoices(kind, target)?.includes(choice)
          ? text(kind === "customers" ? `imports.values.choices.${target}.${choice}` : `${base}.choices.${target}.${choice}`, choice)
          : choice,
    };
  }, [t, i18n, kind]);
};
