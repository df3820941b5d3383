import type { RegionsQuery } from "../../../generated/graphql";

export type RegionOption = { value: string; label: string; search: string; children?: RegionOption[] };

type Named = { name: string; shortName: string; englishName: string };

/** A region's label in the interface language: the Chinese name, or the English one with the Chinese after it. */
export const regionLabel = (region: Named, language: string) =>
  language === "en" ? `${region.englishName} (${region.shortName})` : region.name;

const searchText = (region: Named) => `${region.name} ${region.shortName} ${region.englishName}`.toLowerCase();

/** Cascader options: provinces with their cities; values are the standard names the server stores. */
export const regionOptions = (regions: RegionsQuery["regions"] | undefined, language: string): RegionOption[] =>
  (regions ?? []).map((province) => ({
    value: province.name,
    label: regionLabel(province, language),
    search: searchText(province),
    children: province.cities.map((city) => ({ value: city.name, label: regionLabel(city, language), search: searchText(city) })),
  }));

/** Province options alone (filters), with any value already chosen that the list does not have. */
export const provinceOptions = (
  regions: RegionsQuery["regions"] | undefined,
  language: string,
  extra: readonly string[] = [],
): Array<{ value: string; label: string }> => {
  const known = (regions ?? []).map((province) => ({ value: province.name, label: regionLabel(province, language) }));
  const names = new Set(known.map((option) => option.value));
  return [...known, ...extra.filter((value) => !names.has(value)).map((value) => ({ value, label: value }))];
};

/** Whether a typed search matches an option (any of its names, any case). */
export const regionMatches = (input: string, option: { search?: string; label?: unknown }) =>
  (option.search ?? String(option.label ?? "")).includes(input.trim().toLowerCase());
