import { useCallback, useState } from "react";

/** A named list query, e.g. { name: "华东 A 级", query: "grade=A&province=上海市" }. */
export type SavedCustomerFilter = {
  name: string;
  query: string;
};

const storageKey = (viewerId: string) => `rapport.customers.savedFilters.${viewerId}`;

const isSavedFilter = (value: unknown): value is SavedCustomerFilter =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Record<string, unknown>)["name"] === "string" &&
  typeof (value as Record<string, unknown>)["query"] === "string";

export const readSavedCustomerFilters = (storage: Pick<Storage, "getItem">, viewerId: string): SavedCustomerFilter[] => {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(storageKey(viewerId)) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter(isSavedFilter) : [];
  } catch {
    return [];
  }
};

const write = (viewerId: string, filters: SavedCustomerFilter[]) => {
  try {
    window.localStorage.setItem(storageKey(viewerId), JSON.stringify(filters));
  } catch {
    // Storage full or denied: the filters still work for this visit.
  }
};

/** The viewer's saved list filters, kept in this browser (per user). Saving a name again replaces it. */
export const useSavedCustomerFilters = (viewerId: string) => {
  const [filters, setFilters] = useState(() => readSavedCustomerFilters(window.localStorage, viewerId));

  const save = useCallback(
    (name: string, query: string) =>
      setFilters((current) => {
        const next = [...current.filter((filter) => filter.name !== name), { name, query }];
        write(viewerId, next);
        return next;
      }),
    [viewerId],
  );

  const remove = useCallback(
    (name: string) =>
      setFilters((current) => {
        const next = current.filter((filter) => filter.name !== name);
        write(viewerId, next);
        return next;
      }),
    [viewerId],
  );

  return { filters, save, remove };
};
