import { Handle, Position, type NodeProps } from "@xyflow/react";
import { Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { JourneyFlowNode } from "../utils/journeyGraph";
import { nodeSummary } from "../utils/nodeSummary";

const BOX: React.CSSProperties = {
  width: 200,
  padding: "8px 10px",
  borderRadius: 8,
  background: "#fff",
  border: "1px solid #d9d9d9",
  fontSize: 12,
};

const COLORS: Record<string, string> = { trigger: "#1677ff", wait: "#faad14", condition: "#722ed1" };

/** A journey step on the canvas: its kind, a summary of its config, its figures and any error about it. */
export const JourneyNodeView = ({ id, data, selected }: NodeProps<JourneyFlowNode>) => {
  const { t } = useTranslation("marketingFlows");
  const color = COLORS[data.kind] ?? "#52c41a";
  return (
    <div
      data-testid={`journey-node-${id}`}
      data-kind={data.kind}
      style={{
        ...BOX,
        borderColor: data.error ? "#ff4d4f" : selected ? color : "#d9d9d9",
        borderLeft: `4px solid ${color}`,
        boxShadow: selected ? `0 0 0 2px ${color}33` : undefined,
      }}
    >
      {data.kind !== "trigger" && <Handle type="target" position={Position.Top} />}
      <Typography.Text strong>{t(`node.${data.kind}`)}</Typography.Text>{" "}
      <Typography.Text type="secondary">{id}</Typography.Text>
      <div style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>{nodeSummary(data.kind, data.config, t)}</div>
      {data.reached !== undefined && (
        <div data-testid={`journey-node-stats-${id}`}>
          <Tag color="blue">{t("editor.reached", { count: data.reached })}</Tag>
          <Tag color="gold">{t("editor.waiting", { count: data.waiting ?? 0 })}</Tag>
        </div>
      )}
      {data.error && (
        <Typography.Text type="danger" data-testid={`journey-node-error-${id}`} style={{ display: "block" }}>
          {data.error}
        </Typography.Text>
      )}
      {data.kind === "condition" ? (
        <>
          <Handle type="source" id="yes" position={Position.Bottom} style={{ left: "25%", background: "#52c41a" }} />
          <Handle type="source" id="no" position={Position.Bottom} style={{ left: "75%", background: "#ff4d4f" }} />
          <div style={{ display: "flex", justifyContent: "space-around" }}>
            <Typography.Text type="success">{t("node.yes")}</Typography.Text>
            <Typography.Text type="danger">{t("node.no")}</Typography.Text>
          </div>
        </>
      ) : (
        <Handle type="source" position={Position.Bottom} />
      )}
    </div>
  );
};
