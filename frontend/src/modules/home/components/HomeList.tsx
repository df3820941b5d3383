import { Flex, Typography } from "antd";
import type { ReactNode } from "react";

export type HomeListItem = {
  key: string;
  /** The main line (usually a link). */
  title: ReactNode;
  /** Secondary details under it. */
  description?: ReactNode;
  /** Right-aligned: an amount, a due time, a tag. */
  extra?: ReactNode;
};

/** A compact list of a section's items. */
export const HomeList = ({ items, testId }: { items: readonly HomeListItem[]; testId: string }) => (
  <ul data-testid={testId} style={{ listStyle: "none", margin: 0, padding: 0 }}>
    {items.map((item, index) => (
      <li
        key={item.key}
        data-testid={`${testId}-item`}
        style={{ padding: "8px 0", borderTop: index === 0 ? undefined : "1px solid rgba(5, 5, 5, 0.06)" }}
      >
        <Flex justify="space-between" align="center" gap={12}>
          <Flex vertical style={{ minWidth: 0 }}>
            <Typography.Text ellipsis>{item.title}</Typography.Text>
            {item.description && (
              <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                {item.description}
              </Typography.Text>
            )}
          </Flex>
          {item.extra && <div style={{ flexShrink: 0, textAlign: "right" }}>{item.extra}</div>}
        </Flex>
      </li>
    ))}
  </ul>
);
