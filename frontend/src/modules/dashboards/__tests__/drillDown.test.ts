import { describe, expect, it } from "vitest";

import { customerGroupPath, customersPath, pipelineStagePath, serviceTicketsPath } from "../utils/drillDown";

/** Path and query of a drill-down link, the query decoded into repeated params. */
const parse = (path: string | null) => {
  if (path === null) return null;
  const url = new URL(path, "http://rapport.test");
  return { pathname: url.pathname, params: [...url.searchParams.entries()] };
};

describe("drill-down links", () => {
  it("filter the customer list with CustomerFilter's field names", () => {
    expect(parse(customersPath("provinces", "浙江省"))).toEqual({ pathname: "/customers", params: [["provinces", "浙江省"]] });
    expect(parse(customersPath("ownerIds", "VXNlcjoy"))).toEqual({ pathname: "/customers", params: [["ownerIds", "VXNlcjoy"]] });
    // Percent-encoded, so the link survives any router or browser.
    expect(customersPath("provinces", "上海市")).toBe("/customers?provinces=%E4%B8%8A%E6%B5%B7%E5%B8%82");
  });

  it("turn the stored keys of customer groups into the filter's enum values", () => {
    expect(parse(customerGroupPath("rfm", "high_value"))).toEqual({ pathname: "/customers", params: [["rfmSegments", "HIGH_VALUE"]] });
    expect(parse(customerGroupPath("rfm", "none"))?.params).toEqual([["rfmSegments", "NONE"]]);
    expect(parse(customerGroupPath("grade", "a"))?.params).toEqual([["grades", "A"]]);
    expect(parse(customerGroupPath("region", "广东省"))?.params).toEqual([["provinces", "广东省"]]);
    expect(parse(customerGroupPath("industry", "制造业"))?.params).toEqual([["industries", "制造业"]]);
  });

  it("lead nowhere for unknown groups", () => {
    expect(customerGroupPath("region", null)).toBeNull();
    expect(customersPath("provinces", "—")).toBeNull();
    expect(customerGroupPath("rfm", "no_such_segment")).toBeNull();
    expect(customerGroupPath("grade", "Z")).toBeNull();
    expect(pipelineStagePath("")).toBeNull();
    expect(serviceTicketsPath("categories", null)).toBeNull();
  });

  it("open the pipeline at a stage and the service console on a category, channel or status", () => {
    expect(pipelineStagePath("quote")).toBe("/pipeline?stage=quote");
    expect(parse(serviceTicketsPath("categories", "billing"))).toEqual({ pathname: "/service", params: [["categories", "billing"]] });
    expect(serviceTicketsPath("channels", "WECHAT")).toBe("/service?channels=WECHAT");
  });
});
