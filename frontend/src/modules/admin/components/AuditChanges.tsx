import { Flex, Space, Tag, Typography } from "antd";

import { auditChanges, auditValue } from "../utils/auditFilters";

/** A value as shown: a list as a list of items, anything else as text. */
const AuditValue = ({ value, old = false }: { value: unknown; old?: boolean }) =>
  Array.isArray(value) ? (
    <Space size={[4, 4]} wrap data-testid="audit-list">
      {value.map((item, index) => (
        <Tag key={index} style={old ? { textDecoration: "line-through" } : undefined}>
          {auditValue(item)}
        </Tag>
      ))}
    </Space>
  ) : (
    <Typography.Text delete={old} type={old ? "secondary" : undefined}>
      {auditValue(value)}
    </Typography.Text>
  );

/** An audit entry's changes: each field's old value crossed out and its new one, or the value it recorded. */
export const AuditChanges = ({ changes, action }: { changes: unknown; action: string }) => (
  <Flex vertical gap={2} data-testid="audit-changes">
    {auditChanges(changes, action).map((change) => (
      <Flex key={change.field || "list"} gap={6} wrap align="center">
        {change.field && <Typography.Text code>{change.field}</Typography.Text>}
        {change.kind === "diff" ? (
          <>
            <AuditValue value={change.old} old />
            <span aria-hidden>→</span>
            <AuditValue value={change.new} />
          </>
        ) : (
          <AuditValue value={change.value} />
        )}
      </Flex>
    ))}
  </Flex>
);
