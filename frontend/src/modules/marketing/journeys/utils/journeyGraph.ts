import type { Edge, Node } from "@xyflow/react";

/** The node types a journey's graph takes (backend: rapport/marketing/journeys/graph.py). */
export const NODE_TYPES = [
  "trigger",
  "wait",
  "condition",
  "send",
  "task",
  "tag_add",
  "tag_remove",
  "webhook",
  "audience",
] as const;

export type JourneyNodeType = (typeof NODE_TYPES)[number];
export type Branch = "yes" | "no";
export type NodeConfig = Record<string, unknown>;

/** The graph as the API stores it. */
export type GraphNode = { id: string; type: JourneyNodeType; config: NodeConfig; position: { x: number; y: number } };
export type GraphEdge = { source: string; target: string; branch: Branch | null };
export type JourneyGraph = { nodes: GraphNode[]; edges: GraphEdge[] };

/** What the canvas keeps on a node besides its position. */
export type JourneyNodeData = {
  kind: JourneyNodeType;
  config: NodeConfig;
  /** A save's or dry run's error about this node. */
  error?: string;
  /** Enrollments that reached the node / are at it now. */
  reached?: number;
  waiting?: number;
};
export type JourneyFlowNode = Node<JourneyNodeData, "journey">;

/** Each node type's configuration when it is dropped from the palette. */
export const DEFAULT_CONFIG: Record<JourneyNodeType, NodeConfig> = {
  trigger: { kind: "page_view", pattern: "" },
  wait: { hours: 24 },
  condition: { kind: "ordered_within", hours: 24, since: "entered" },
  send: { channel: "sms", content: { "zh-CN": { subject: "", body: "" } } },
  task: { title: "", dueInHours: 24 },
  tag_add: { tags: [] },
  tag_remove: { tags: [] },
  webhook: { url: "", secret: "" },
  audience: { mode: "file", audience: "" },
};

const isBranch = (value: unknown): value is Branch => value === "yes" || value === "no";

export const edgeId = (edge: GraphEdge): string => `${edge.source}:${edge.branch ?? "next"}:${edge.target}`;

const toFlowEdge = (edge: GraphEdge): Edge => ({
  id: edgeId(edge),
  source: edge.source,
  target: edge.target,
  sourceHandle: edge.branch,
});

/** The canvas's edges with a condition's branches labelled (是 / 否 in zh-CN): `label` translates "yes" / "no". */
export const labelledEdges = (edges: Edge[], label: (branch: Branch) => string): Edge[] =>
  edges.map((edge) => (isBranch(edge.sourceHandle) ? { ...edge, label: label(edge.sourceHandle) } : edge));

/** The stored graph as canvas nodes and edges; a condition's edges leave from its yes / no handle. */
export const graphToFlow = (raw: unknown): { nodes: JourneyFlowNode[]; edges: Edge[] } => {
  const graph = parseGraph(raw);
  return {
    nodes: graph.nodes.map((node) => ({
      id: node.id,
      type: "journey",
      position: { x: node.position.x, y: node.position.y },
      data: { kind: node.type, config: node.config },
    })),
    edges: graph.edges.map(toFlowEdge),
  };
};

/** The canvas as the graph to save: positions, configs, and the branch each condition edge leaves on. */
export const flowToGraph = (nodes: JourneyFlowNode[], edges: Edge[]): JourneyGraph => ({
  nodes: nodes.map((node) => ({
    id: node.id,
    type: node.data.kind,
    config: node.data.config,
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
  })),
  edges: edges.map((edge) => ({
    source: edge.source,
    target: edge.target,
    branch: isBranch(edge.sourceHandle) ? edge.sourceHandle : null,
  })),
});

/** A new connection as a canvas edge: one edge per source handle (a new one replaces the old). */
export const connectEdge = (
  edges: Edge[],
  connection: { source: string; target: string; sourceHandle?: string | null },
): Edge[] => {
  const branch = isBranch(connection.sourceHandle) ? connection.sourceHandle : null;
  const kept = edges.filter(
    (edge) => !(edge.source === connection.source && (isBranch(edge.sourceHandle) ? edge.sourceHandle : null) === branch),
  );
  return [...kept, toFlowEdge({ source: connection.source, target: connection.target, branch })];
};

const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The stored JSON, read defensively (unknown node types are dropped). */
export const parseGraph = (raw: unknown): JourneyGraph => {
  const value = asObject(typeof raw === "string" ? (JSON.parse(raw) as unknown) : raw);
  const nodes = (Array.isArray(value.nodes) ? value.nodes : []).flatMap((item): GraphNode[] => {
    const node = asObject(item);
    const type = node.type as JourneyNodeType;
    if (typeof node.id !== "string" || !NODE_TYPES.includes(type)) return [];
    const position = asObject(node.position);
    return [
      {
        id: node.id,
        type,
        config: asObject(node.config),
        position: { x: Number(position.x ?? 0), y: Number(position.y ?? 0) },
      },
    ];
  });
  const edges = (Array.isArray(value.edges) ? value.edges : []).flatMap((item): GraphEdge[] => {
    const edge = asObject(item);
    if (typeof edge.source !== "string" || typeof edge.target !== "string") return [];
    return [{ source: edge.source, target: edge.target, branch: isBranch(edge.branch) ? edge.branch : null }];
  });
  return { nodes, edges };
};

/** A node id not used yet: n1, n2, ... */
export const nextNodeId = (nodes: { id: string }[]): string => {
  const used = new Set(nodes.map((node) => node.id));
  let index = nodes.length + 1;
  while (used.has(`n${index}`)) index += 1;
  return `n${index}`;
};

/** Which node each error message is about: the server names the node's id in the message ("Node n3: ..."). */
export const errorsByNode = (messages: string[], nodeIds: string[]): Record<string, string> => {
  const found: Record<string, string> = {};
  for (const message of messages) {
    for (const id of nodeIds) {
      const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      if (new RegExp(`(^|[^\\w-])${escaped}([^\\w-]|$)`).test(message) && !found[id]) found[id] = message;
    }
  }
  return found;
};

/** The stored graph with the per-node figures on its nodes. */
export const withNodeStats = (
  nodes: JourneyFlowNode[],
  perNode: { nodeId: string; reached: number; waiting: number }[],
): JourneyFlowNode[] => {
  const byId = new Map(perNode.map((row) => [row.nodeId, row]));
  return nodes.map((node) => {
    const row = byId.get(node.id);
    return row ? { ...node, data: { ...node.data, reached: row.reached, waiting: row.waiting } } : node;
  });
};
