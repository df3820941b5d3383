import { Tag } from "antd";
import { useTranslation } from "react-i18next";

import { useFormatters } from "../../format/hooks/useFormatters";
import { useHomeNewLeadsQuery } from "../hooks/useHomeNewLeadsQuery";
import { HomeList } from "./HomeList";
import { HomeSection } from "./HomeSection";

const KNOWN_SOURCES = ["web", "expo", "referral", "import", "manual"] as const;
type KnownSource = (typeof KNOWN_SOURCES)[number];
const knownSource = (source: string): KnownSource | null => KNOWN_SOURCES.find((known) => known === source) ?? null;

/** New leads the viewer owns and has not worked yet. */
export const NewLeadsSection = ({ viewerId }: { viewerId: string }) => {
  const { t } = useTranslation("home");
  const format = useFormatters();
  const [{ data, fetching, error }, reexecute] = useHomeNewLeadsQuery({ ownerId: viewerId, first: 6 });
  const leads = data?.leads.nodes ?? [];
  const sourceLabel = (source: string) => {
    const known = knownSource(source);
    return known ? t(`newLeads.sources.${known}`) : source;
  };
  return (
    <HomeSection
      testId="home-section-newLeads"
      title={t("newLeads.title")}
      count={data?.leads.totalCount}
      link={{ to: "/leads" }}
      fetching={fetching}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
      empty={leads.length === 0}
      emptyText={t("newLeads.empty")}
    >
      <HomeList
        testId="new-leads"
        items={leads.map((lead) => ({
          key: lead.id,
          title: lead.name,
          description: [lead.company, sourceLabel(lead.source), format.relative(lead.createdAt)].filter(Boolean).join(" · "),
          extra: <Tag color={lead.score >= 70 ? "green" : "default"}>{t("newLeads.score", { score: lead.score })}</Tag>,
        }))}
      />
    </HomeSection>
  );
};
