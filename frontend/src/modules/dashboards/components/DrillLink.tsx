import type { ReactNode } from "react";
import { Link } from "react-router";

type DrillLinkProps = {
  /** The list holding exactly the rows the figure counts (from `drillDowns`). */
  to: string;
  /** The figure: how many rows the list shows. */
  count: number;
  testId?: string;
  children: ReactNode;
};

/**
 * A figure's link to its rows. Every drill-down renders through this (or ChartPanel, which uses it), so each
 * carries its count: the browser test opens every such link and compares the list's total with it.
 */
export const DrillLink = ({ to, count, testId = "drill-link", children }: DrillLinkProps) => (
  <Link to={to} data-drill-count={count} data-testid={testId}>
    {children}
  </Link>
);
