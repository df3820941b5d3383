import "@xyflow/react/dist/style.css";

import { MarketingFrame } from "../../modules/marketing/common/MarketingFrame";
import { Background, Controls, ReactFlow, useEdgesState, useNodesState, type Connection, type Edge } from "@xyflow/react";
import { Alert, Button, Card, Checkbox, Col, Flex, Input, Row, Result, Space, Spin, Tag, Typography, message } from "antd";
import { useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { useMutation, useQuery } from "urql";

import { useMarketingFlowsStrings } from "../../i18n/useMarketingFlowsStrings";
import { DryRunPanel } from "../../modules/marketing/journeys/components/DryRunPanel";
import { EnrollmentsTable } from "../../modules/marketing/journeys/components/EnrollmentsTable";
import { JourneyRetireActions, type RetireOutcome } from "../../modules/marketing/journeys/components/JourneyRetireActions";
import { JourneyNodeView } from "../../modules/marketing/journeys/components/JourneyNodeView";
import { NodeConfigPanel } from "../../modules/marketing/journeys/components/NodeConfigPanel";
import { JOURNEY_ACTIVATE_MUTATION } from "../../modules/marketing/journeys/graphql/journeyActivateMutation";
import { JOURNEY_PAUSE_MUTATION } from "../../modules/marketing/journeys/graphql/journeyPauseMutation";
import { JOURNEY_QUERY } from "../../modules/marketing/journeys/graphql/journeyQuery";
import { JOURNEY_SAVE_MUTATION } from "../../modules/marketing/journeys/graphql/journeySaveMutation";
import {
  connectEdge,
  DEFAULT_CONFIG,
  errorsByNode,
  flowToGraph,
  graphToFlow,
  labelledEdges,
  NODE_TYPES,
  nextNodeId,
  withNodeStats,
  type JourneyFlowNode,
  type JourneyNodeType,
  type NodeConfig,
} from "../../modules/marketing/journeys/utils/journeyGraph";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";
import { useProblemText } from "../../modules/marketing/journeys/utils/useProblemText";

const NODE_VIEWS = { journey: JourneyNodeView };

const WIDE = "(min-width: 768px)";
/** Whether the screen is wide enough to edit the flow (antd's md breakpoint); phones get it read-only. */
const useWideScreen = (): boolean =>
  useSyncExternalStore(
    (notify) => {
      const query = window.matchMedia(WIDE);
      query.addEventListener("change", notify);
      return () => query.removeEventListener("change", notify);
    },
    () => window.matchMedia(WIDE).matches,
  );

type Saved = { id: string; version: number; status: string };

/** What a save stores, as text: the canvas differs from the saved journey when this differs. */
const snapshotOf = (name: string, allowReentry: boolean, graph: ReturnType<typeof flowToGraph>): string =>
  JSON.stringify({ name, allowReentry, graph });

const JourneyEditor = ({ id }: { id: string | null }) => {
  const { t } = useTranslation("marketingFlows");
  const navigate = useNavigate();
  const permissions = usePermissions();
  const screens = { md: useWideScreen() };
  const editable = Boolean(screens.md) && permissions.canMutate("journeySave");
  const [{ data, fetching, error }, reexecute] = useQuery({ query: JOURNEY_QUERY, variables: { id: id ?? "" }, pause: !id });
  const [nodes, setNodes, onNodesChange] = useNodesState<JourneyFlowNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>([]);
  const [name, setName] = useState("");
  const [allowReentry, setAllowReentry] = useState(false);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching: saving }, save] = useMutation(JOURNEY_SAVE_MUTATION);
  const [{ fetching: activating }, activate] = useMutation(JOURNEY_ACTIVATE_MUTATION);
  const [{ fetching: pausing }, pause] = useMutation(JOURNEY_PAUSE_MUTATION);
  // One save / activate / pause at a time: a double tap on a new journey created two.
  const inFlight = useRef(false);
  const busy = saving || activating || pausing;
  const [savedSnapshot, setSavedSnapshot] = useState<string | null>(null);
  const [messageApi, messageHolder] = message.useMessage();
  const errorText = useProblemText();
  const journey = data?.journey;

  // The loaded (or re-fetched) journey replaces the canvas, adjusted during render rather than in an effect.
  const [loadedFrom, setLoadedFrom] = useState<typeof journey>(undefined);
  if (journey && journey !== loadedFrom) {
    setLoadedFrom(journey);
    const flow = graphToFlow(journey.graph);
    setNodes(withNodeStats(flow.nodes, journey.stats.perNode));
    setEdges(flow.edges);
    setName(journey.name);
    setAllowReentry(journey.allowReentry);
    setSaved({ id: journey.id, version: journey.version, status: journey.status });
    setSavedSnapshot(snapshotOf(journey.name, journey.allowReentry, flowToGraph(flow.nodes, flow.edges)));
  }

  const selected = nodes.find((node) => node.id === selectedId) ?? null;

  const addNode = (kind: JourneyNodeType) => {
    const nodeId = nextNodeId(nodes);
    const from = selected;
    const position = from
      ? { x: from.position.x + (kind === "audience" && from.data.kind === "condition" ? 240 : 0), y: from.position.y + 100 }
      : { x: 40, y: 20 + nodes.length * 100 };
    const node: JourneyFlowNode = {
      id: nodeId,
      type: "journey",
      position,
      data: { kind, config: structuredClone(DEFAULT_CONFIG[kind]) },
      selected: true,
    };
    setNodes((current) => [...current.map((other) => ({ ...other, selected: false })), node]);
    if (from && kind !== "trigger") {
      // Added after the selected step: on its free way out (a condition's yes, then its no).
      const used = new Set(edges.filter((edge) => edge.source === from.id).map((edge) => edge.sourceHandle ?? null));
      const handle = from.data.kind === "condition" ? (["yes", "no"] as const).find((branch) => !used.has(branch)) : used.size ? undefined : null;
      if (handle !== undefined) setEdges((current) => connectEdge(current, { source: from.id, target: nodeId, sourceHandle: handle }));
    }
    setSelectedId(nodeId);
  };

  const setConfig = (config: NodeConfig) =>
    setNodes((current) =>
      current.map((node) => (node.id === selectedId ? { ...node, data: { ...node.data, config, error: undefined } } : node)),
    );

  const removeSelected = () => {
    setNodes((current) => current.filter((node) => node.id !== selectedId));
    setEdges((current) => current.filter((edge) => edge.source !== selectedId && edge.target !== selectedId));
    setSelectedId(null);
  };

  const markErrors = (messages: string[]) => {
    const byNode = errorsByNode(messages, nodes.map((node) => node.id));
    setNodes((current) => current.map((node) => ({ ...node, data: { ...node.data, error: byNode[node.id] } })));
  };

  const once = async (action: () => Promise<unknown>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      await action();
    } finally {
      inFlight.current = false;
    }
  };

  /** Saves the canvas; the saved journey, or null when the save was refused. */
  const saveCanvas = async (): Promise<Saved | null> => {
    setProblem(null);
    const graph = flowToGraph(nodes, edges);
    const result = await save({
      input: { id: saved?.id ?? null, version: saved?.version ?? null, name, graph, allowReentry },
    });
    const payload = result.data?.journeySave;
    const failure = errorText({ error: result.error, payload }, t("editor.saveFailed"));
    if (failure || !payload?.journey) {
      setProblem(failure ?? t("editor.saveFailed"));
      markErrors((payload?.userErrors ?? []).map((userError) => userError.message));
      return null;
    }
    markErrors([]);
    void messageApi.success(t("editor.saved"));
    const stored = { id: payload.journey.id, version: payload.journey.version, status: payload.journey.status };
    setSaved(stored);
    setSavedSnapshot(snapshotOf(name, allowReentry, graph));
    if (!saved) void navigate(`/marketing/journeys/${payload.journey.id}`, { replace: true });
    return stored;
  };

  const onStatus = async (to: "activate" | "pause") => {
    if (!saved) return;
    let current: Saved | null = saved;
    if (to === "activate" && dirty) {
      // Activating runs the saved version: the canvas's edits are saved first (or, where it cannot be edited, kept out).
      if (!editable) return setProblem(t("editor.saveBeforeActivate"));
      current = await saveCanvas();
      if (!current) return;
    }
    setProblem(null);
    const input = { id: current.id, version: current.version };
    const result = to === "activate" ? await activate({ input }) : await pause({ input });
    const payload = result.data && ("journeyActivate" in result.data ? result.data.journeyActivate : result.data.journeyPause);
    const failure = errorText({ error: result.error, payload }, t("editor.actionFailed"));
    if (failure || !payload?.journey) {
      setProblem(failure ?? t("editor.actionFailed"));
      markErrors((payload?.userErrors ?? []).map((userError) => userError.message));
      return;
    }
    setSaved({ id: payload.journey.id, version: payload.journey.version, status: payload.journey.status });
    void messageApi.success(t(to === "activate" ? "editor.activated" : "editor.paused"));
  };

  const graph = useMemo(() => flowToGraph(nodes, edges), [nodes, edges]);
  const shownEdges = useMemo(() => labelledEdges(edges, (branch) => t(`node.${branch}`)), [edges, t]);
  /** A step by its kind (是 "等待", not "n2"), with its id where two steps are of one kind. */
  const nodeLabel = (nodeId: string | null | undefined): string => {
    const node = nodes.find((item) => item.id === nodeId);
    if (!node) return nodeId ?? "—";
    const kindName = t(`node.${node.data.kind}`);
    return nodes.filter((item) => item.data.kind === node.data.kind).length > 1 ? `${kindName} ${node.id}` : kindName;
  };
  const dirty = savedSnapshot !== null && snapshotOf(name, allowReentry, graph) !== savedSnapshot;

  if (id && error && !data) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  if (id && fetching && !data) return <Flex justify="center"><Spin /></Flex>;
  if (id && data && !journey) return <Result status="404" title={t("journeys.notFound")} />;

  // A running journey keeps its steps until paused (the server refuses otherwise); its name and layout may change.
  // An archived one changes not at all until it is restored.
  const running = saved?.status === "ACTIVE";
  const archived = saved?.status === "ARCHIVED";
  const stepsEditable = editable && !running && !archived;

  const onRetired = (outcome: RetireOutcome) => {
    if (outcome.kind === "deleted") {
      void navigate("/marketing/journeys", { replace: true });
      return;
    }
    setSaved({ id: outcome.journey.id, version: outcome.journey.version, status: outcome.journey.status });
    void messageApi.success(t(`retire.${outcome.kind}`));
  };

  const canvas = (
    <div style={{ height: screens.md ? 560 : 420, border: "1px solid #f0f0f0", borderRadius: 8 }} data-testid="journey-canvas">
      <ReactFlow<JourneyFlowNode, Edge>
        nodes={nodes}
        edges={shownEdges}
        nodeTypes={NODE_VIEWS}
        onNodesChange={onNodesChange}
        onEdgesChange={stepsEditable ? onEdgesChange : undefined}
        onConnect={(connection: Connection) => {
          if (stepsEditable) setEdges((current) => connectEdge(current, connection));
        }}
        onNodeClick={(_, node) => setSelectedId(node.id)}
        onPaneClick={() => setSelectedId(null)}
        nodesDraggable={editable}
        nodesConnectable={stepsEditable}
        deleteKeyCode={stepsEditable ? ["Backspace", "Delete"] : null}
        fitView
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );

  return (
    <Flex vertical gap={12}>
      {messageHolder}
      <Card size="small">
        <Flex gap={8} wrap align="center">
          <Input
            data-testid="journey-name"
            placeholder={t("editor.name")}
            aria-label={t("editor.name")}
            value={name}
            disabled={!editable}
            onChange={(e) => setName(e.target.value)}
            style={{ maxWidth: 320 }}
          />
          <Checkbox checked={allowReentry} disabled={!editable} onChange={(e) => setAllowReentry(e.target.checked)}>
            {t("editor.allowReentry")}
          </Checkbox>
          {saved && (
            <Tag data-testid="journey-status" color={saved.status === "ACTIVE" ? "green" : undefined}>
              {t(`status.${saved.status as "DRAFT"}`)}
            </Tag>
          )}
          <Space wrap>
            {/* Editing the flow needs a wide screen; activating and pausing do not (a manager may pause from a phone). */}
            {editable && !archived && (
              <Button
                type="primary"
                data-testid="journey-save"
                loading={saving}
                disabled={busy && !saving}
                onClick={() => void once(saveCanvas)}
              >
                {t("editor.save")}
              </Button>
            )}
            {saved && !running && !archived && permissions.canMutate("journeyActivate") && (
              <Button
                data-testid="journey-activate"
                loading={activating}
                disabled={busy && !activating}
                onClick={() => void once(() => onStatus("activate"))}
              >
                {t("editor.activate")}
              </Button>
            )}
            {saved?.status === "ACTIVE" && permissions.canMutate("journeyPause") && (
              <Button
                data-testid="journey-pause"
                loading={pausing}
                disabled={busy && !pausing}
                onClick={() => void once(() => onStatus("pause"))}
              >
                {t("editor.pause")}
              </Button>
            )}
            {saved && journey && (
              <JourneyRetireActions
                size="middle"
                journey={{ ...saved, entered: journey.stats.entered }}
                onProblem={setProblem}
                onDone={onRetired}
              />
            )}
          </Space>
        </Flex>
        {journey && (
          <Typography.Text type="secondary" data-testid="journey-stats">
            {t("editor.stats", journey.stats)}
          </Typography.Text>
        )}
        {problem && <Alert type="error" showIcon title={problem} data-testid="journey-problem" style={{ marginTop: 8 }} />}
        {!editable && !screens.md && <Alert type="info" title={t("editor.readOnly")} style={{ marginTop: 8 }} />}
        {editable && running && (
          <Alert type="info" title={t("editor.pauseToEdit")} data-testid="journey-running" style={{ marginTop: 8 }} />
        )}
      </Card>
      {stepsEditable && (
        <Flex gap={6} wrap data-testid="journey-palette" align="center">
          <Typography.Text type="secondary">{t("editor.palette")}</Typography.Text>
          {NODE_TYPES.map((kind) => (
            <Button key={kind} size="small" data-testid={`palette-${kind}`} onClick={() => addNode(kind)}>
              {t(`node.${kind}`)}
            </Button>
          ))}
        </Flex>
      )}
      <Row gutter={[12, 12]} wrap={!editable}>
        <Col flex="auto" style={{ minWidth: 0 }}>
          {canvas}
        </Col>
        {editable && (
          <Col flex="340px">
            <Card size="small">
              {selected && stepsEditable ? (
                <NodeConfigPanel key={selected.id} node={selected} onChange={setConfig} onDelete={removeSelected} />
              ) : selected ? (
                <Typography.Text data-testid="journey-node-locked">{nodeLabel(selected.id)}</Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t("editor.selectNode")}</Typography.Text>
              )}
            </Card>
          </Col>
        )}
      </Row>
      {permissions.canMutate("journeyDryRun") && (
        <DryRunPanel journeyId={saved?.id ?? null} graph={graph} onErrors={markErrors} nodeLabel={nodeLabel} />
      )}
      {saved && <EnrollmentsTable journeyId={saved.id} nodeLabel={nodeLabel} />}
    </Flex>
  );
};

/** /marketing/journeys/:id ("new" for a new one): the flow editor with dry run, figures and enrollments. */
const JourneyEditorPageContent = () => {
  const ready = useMarketingFlowsStrings();
  const { t } = useTranslation("marketingFlows");
  const { id } = useParams();
  const permissions = usePermissions();
  if (!ready) return <Flex justify="center"><Spin /></Flex>;
  if (!permissions.canQuery("journey")) return <Result status="403" title={t("journeys.noAccess")} data-testid="no-access" />;
  return <JourneyEditor id={id && id !== "new" ? id : null} />;
};

/** The page inside the marketing workspace's frame (its section tabs stay in view). */
export const JourneyEditorPage = () => (
  <MarketingFrame>
    <JourneyEditorPageContent />
  </MarketingFrame>
);
