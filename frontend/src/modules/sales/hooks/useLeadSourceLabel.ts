import { useCallback } from "react";
import { useTranslation } from "react-i18next";

const KNOWN_SOURCES = ["web", "expo", "referral", "import", "manual"] as const;
type KnownSource = (typeof KNOWN_SOURCES)[number];
const knownSource = (source: string): KnownSource | null => KNOWN_SOURCES.find((known) => known === source) ?? null;

/** A lead's source (and a customer's, which a converted lead passes on) in the UI language: the usual ones by
 * their code, any other as it was typed. */
export const useLeadSourceLabel = (): ((source: string) => string) => {
  const { t } = useTranslation("home");
  return useCallback(
    (source) => {
      const known = knownSource(source);
      return known ? t(`newLeads.sources.${known}`) : source;
    },
    [t],
  );
};
