import type { Grade, PoolFilter } from "../../../generated/graphql";

const GRADES: readonly Grade[] = ["A", "B", "C", "D"];

const isGrade = (value: string): value is Grade => (GRADES as readonly string[]).includes(value);

/** The pool's filters as the URL holds them: ?province=浙江省&grade=A&grade=B&industry=制造业 */
export type PoolListFilters = {
  provinces: string[];
  grades: Grade[];
  industries: string[];
};

const values = (params: URLSearchParams, name: string): string[] =>
  [...new Set(params.getAll(name).map((value) => value.trim()).filter(Boolean))];

export const poolFiltersFromSearchParams = (params: URLSearchParams): PoolListFilters => ({
  provinces: values(params, "province"),
  grades: values(params, "grade").filter(isGrade),
  industries: values(params, "industry"),
});

export const poolFiltersToSearchParams = (filters: PoolListFilters): URLSearchParams => {
  const params = new URLSearchParams();
  for (const province of filters.provinces) params.append("province", province);
  for (const grade of filters.grades) params.append("grade", grade);
  for (const industry of filters.industries) params.append("industry", industry);
  return params;
};

export const poolFilterOf = (filters: PoolListFilters): PoolFilter => ({
  provinces: filters.provinces.length > 0 ? filters.provinces : null,
  grades: filters.grades.length > 0 ? filters.grades : null,
  industries: filters.industries.length > 0 ? filters.industries : null,
});

export const POOL_GRADES = GRADES;
