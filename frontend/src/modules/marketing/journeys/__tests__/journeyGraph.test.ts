import { describe, expect, it } from "vitest";

import { connectEdge, errorsByNode, flowToGraph, graphToFlow, nextNodeId, withNodeStats, type JourneyGraph } from "../utils/journeyGraph";

/** The requirement's example: page view → SMS → wait 24 h → ordered within 24 h? yes: tag / no: audience export. */
const EXAMPLE: JourneyGraph = {
  nodes: [
    { id: "n1", type: "trigger", config: { kind: "page_view", pattern: "/pricing" }, position: { x: 40, y: 40 } },
    { id: "n2", type: "send", config: { channel: "sms", content: { "zh-CN": { subject: "", body: "优惠" } } }, position: { x: 40, y: 180 } },
    { id: "n3", type: "wait", config: { hours: 24 }, position: { x: 40.4, y: 320 } },
    { id: "n4", type: "condition", config: { kind: "ordered_within", hours: 24, since: "entered" }, position: { x: 40, y: 460 } },
    { id: "n5", type: "tag_add", config: { tags: ["已转化"] }, position: { x: -120, y: 600 } },
    { id: "n6", type: "audience", config: { mode: "file", audience: "retarget" }, position: { x: 280, y: 600 } },
  ],
  edges: [
    { source: "n1", target: "n2", branch: null },
    { source: "n2", target: "n3", branch: null },
    { source: "n3", target: "n4", branch: null },
    { source: "n4", target: "n5", branch: "yes" },
    { source: "n4", target: "n6", branch: "no" },
  ],
};

describe("journey graph <-> editor", () => {
  it("round-trips nodes, configs, positions and branches", () => {
    const flow = graphToFlow(EXAMPLE);
    expect(flow.nodes.map((node) => node.position)).toEqual(EXAMPLE.nodes.map((node) => node.position));
    const back = flowToGraph(flow.nodes, flow.edges);
    // Positions are saved as whole pixels; everything else comes back as it was.
    expect(back).toEqual({
      ...EXAMPLE,
      nodes: EXAMPLE.nodes.map((node) => ({ ...node, position: { x: Math.round(node.position.x), y: node.position.y } })),
    });
  });

  it("keeps a moved node's new position", () => {
    const flow = graphToFlow(EXAMPLE);
    const moved = flow.nodes.map((node) => (node.id === "n3" ? { ...node, position: { x: 400.6, y: 10 } } : node));
    expect(flowToGraph(moved, flow.edges).nodes.find((node) => node.id === "n3")?.position).toEqual({ x: 401, y: 10 });
  });

  it("puts a condition's edges on its yes / no handles and reads the branch back from the handle", () => {
    const flow = graphToFlow(EXAMPLE);
    const out = flow.edges.filter((edge) => edge.source === "n4");
    expect(out.map((edge) => [edge.sourceHandle, edge.target])).toEqual([
      ["yes", "n5"],
      ["no", "n6"],
    ]);
    expect(flow.edges.find((edge) => edge.source === "n1")?.sourceHandle).toBeNull();
  });

  it("connects one edge per handle: a new yes edge replaces the old one, the no edge stays", () => {
    const flow = graphToFlow(EXAMPLE);
    const edges = connectEdge(flow.edges, { source: "n4", target: "n2", sourceHandle: "yes" });
    const graph = flowToGraph(flow.nodes, edges);
    expect(graph.edges.filter((edge) => edge.source === "n4")).toEqual([
      { source: "n4", target: "n6", branch: "no" },
      { source: "n4", target: "n2", branch: "yes" },
    ]);
    const plain = connectEdge(flow.edges, { source: "n1", target: "n3", sourceHandle: null });
    expect(flowToGraph(flow.nodes, plain).edges.filter((edge) => edge.source === "n1")).toEqual([
      { source: "n1", target: "n3", branch: null },
    ]);
  });

  it("reads the stored JSON defensively (a string, unknown types dropped)", () => {
    const raw = JSON.stringify({ nodes: [...EXAMPLE.nodes, { id: "x", type: "bogus" }], edges: EXAMPLE.edges });
    expect(graphToFlow(raw).nodes.map((node) => node.id)).toEqual(["n1", "n2", "n3", "n4", "n5", "n6"]);
    expect(graphToFlow(null)).toEqual({ nodes: [], edges: [] });
  });

  it("maps error messages to the nodes they name, not to ids that merely share a prefix", () => {
    const ids = ["n1", "n12", "n2"];
    expect(errorsByNode(["Node n12: config tags is missing or invalid."], ids)).toEqual({
      n12: "Node n12: config tags is missing or invalid.",
    });
    expect(errorsByNode(["节点 n2：缺少配置 url。"], ids)).toEqual({ n2: "节点 n2：缺少配置 url。" });
  });

  it("gives new nodes unused ids and puts per-node figures on the nodes", () => {
    expect(nextNodeId([{ id: "n1" }, { id: "n3" }])).toBe("n4");
    expect(nextNodeId([{ id: "n2" }, { id: "n3" }])).toBe("n4");
    const nodes = withNodeStats(graphToFlow(EXAMPLE).nodes, [{ nodeId: "n3", reached: 5, waiting: 2 }]);
    expect(nodes.find((node) => node.id === "n3")?.data).toMatchObject({ reached: 5, waiting: 2 });
    expect(nodes.find((node) => node.id === "n1")?.data.reached).toBeUndefined();
  });
});
