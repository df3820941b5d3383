import { Tabs } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";

import { loadMarketingNamespace } from "../../../i18n/marketingNamespace";
import { useLazyNamespace } from "../../../i18n/useLazyNamespace";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { PageLoading } from "../../ui/components/PageLoading";

/** The sections of the marketing workspace, in sub-navigation order (journeys and dashboard are their own pages). */
export const MARKETING_SECTIONS = ["segments", "campaigns", "journeys", "dashboard", "consent"] as const;
type Section = (typeof MARKETING_SECTIONS)[number];

/** The query that opens each section (journeys and the dashboard are the other marketing pages' routes). */
const SECTION_QUERY: Record<Section, string> = {
  segments: "segments",
  campaigns: "campaigns",
  journeys: "journeys",
  dashboard: "marketingFigures",
  consent: "suppressions",
};

const sectionOf = (pathname: string): Section =>
  (MARKETING_SECTIONS as readonly string[]).find((section) => pathname.split("/")[2] === section) as Section | undefined ??
  "segments";

const Frame = ({ children }: { children: ReactNode }) => {
  const { t } = useTranslation("marketing");
  const location = useLocation();
  const navigate = useNavigate();
  const permissions = usePermissions();
  return (
    <>
      <Tabs
        activeKey={sectionOf(location.pathname)}
        onTabClick={(key) => void navigate(`/marketing/${key}`)}
        items={MARKETING_SECTIONS.filter((key) => permissions.canQuery(SECTION_QUERY[key])).map((key) => ({
          key,
          label: <span data-testid={`marketing-tab-${key}`}>{t(`common.section.${key}`)}</span>,
        }))}
      />
      {children}
    </>
  );
};

/**
 * Every marketing page's frame: loads the lazy `marketing` strings (a spinner until then) and shows the
 * sub-navigation (客群 / 活动 / 旅程 / 看板 / 同意与屏蔽).
 */
export const MarketingFrame = ({ children }: { children: ReactNode }) => {
  const ready = useLazyNamespace("marketing", loadMarketingNamespace);
  if (!ready) return <PageLoading />;
  return <Frame>{children}</Frame>;
};
