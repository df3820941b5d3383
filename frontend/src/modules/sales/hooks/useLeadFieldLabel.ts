import { useCallback } from "react";
import { useTranslation } from "react-i18next";

/** The fields of a lead input, in form order. */
export const LEAD_FIELDS = [
  "name",
  "source",
  "phone",
  "email",
  "company",
  "title",
  "province",
  "city",
  "message",
  "score",
  "ownerId",
] as const;

type LeadField = (typeof LEAD_FIELDS)[number];

const isLeadField = (field: string): field is LeadField => (LEAD_FIELDS as readonly string[]).includes(field);

/** A lead input field's label in the UI language ("phone" → 电话); unknown names as they are. */
export const useLeadFieldLabel = (): ((field: string) => string) => {
  const { t } = useTranslation("sales");
  return useCallback((field) => (isLeadField(field) ? t(`leadField.${field}`) : field), [t]);
};
