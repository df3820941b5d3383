import { describe, expect, it } from "vitest";

import type { RegionsQuery } from "../../../generated/graphql";
import { provinceOptions, regionMatches, regionOptions } from "../utils/regionOptions";

const REGIONS: RegionsQuery["regions"] = [
  {
    __typename: "RegionProvince",
    code: "31",
    name: "上海市",
    shortName: "上海",
    englishName: "Shanghai",
    cities: [{ __typename: "RegionCity", code: "3101", name: "上海市", shortName: "上海", englishName: "Shanghai" }],
  },
  {
    __typename: "RegionProvince",
    code: "45",
    name: "广西壮族自治区",
    shortName: "广西",
    englishName: "Guangxi",
    cities: [{ __typename: "RegionCity", code: "4501", name: "南宁市", shortName: "南宁", englishName: "Nanning" }],
  },
];

describe("region options", () => {
  it("stores standard names and labels them in the interface language", () => {
    const zh = regionOptions(REGIONS, "zh-CN");
    expect(zh.map((option) => [option.value, option.label])).toEqual([
      ["上海市", "上海市"],
      ["广西壮族自治区", "广西壮族自治区"],
    ]);
    expect(zh[1]?.children?.[0]).toMatchObject({ value: "南宁市", label: "南宁市" });
    expect(regionOptions(REGIONS, "en")[1]).toMatchObject({ value: "广西壮族自治区", label: "Guangxi (广西)" });
  });

  it("finds a region by its short form, its standard name or its English name", () => {
    const [shanghai] = regionOptions(REGIONS, "zh-CN");
    for (const typed of ["上海", "上海市", "shanghai", " Shang"]) expect(regionMatches(typed, shanghai ?? {})).toBe(true);
    expect(regionMatches("北京", shanghai ?? {})).toBe(false);
  });

  it("keeps a chosen value the list does not have (typed before regions were standard)", () => {
    expect(provinceOptions(REGIONS, "zh-CN", ["上海市", "Mars"]).map((option) => option.value)).toEqual(["上海市", "广西壮族自治区", "Mars"]);
  });
});
