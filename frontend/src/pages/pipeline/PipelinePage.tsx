import { PlusOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { Button, Empty, Flex, Typography, message } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";

import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { NoAccessResult } from "../../modules/sales/components/NoAccessResult";
import { OpportunityCreateModal } from "../../modules/sales/components/OpportunityCreateModal";
import { PipelineBoard } from "../../modules/sales/components/PipelineBoard";
import { PipelineFilters } from "../../modules/sales/components/PipelineFilters";
import { SALES_PIPELINE_STAGES_QUERY } from "../../modules/sales/graphql/salesPipelineStagesQuery";
import { opportunityListPath } from "../../modules/sales/utils/opportunityListParams";
import { PageLoading } from "../../modules/ui/components/PageLoading";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

/** /pipeline: the kanban of open opportunities by stage; filters live in the URL (?q=&owner=). */
export const PipelinePage = () => {
  const { t } = useTranslation("sales");
  const permissions = usePermissions();
  const [searchParams, setSearchParams] = useSearchParams();
  const allowed = permissions.canQuery("opportunities") && permissions.canQuery("pipelineStages");
  const [{ data, error }, reexecute] = useQuery({ query: SALES_PIPELINE_STAGES_QUERY, pause: !allowed });
  const [creating, setCreating] = useState(false);
  const [messageApi, messageHolder] = message.useMessage();

  const search = searchParams.get("q") ?? "";
  const ownerId = searchParams.get("owner");
  const filter = useMemo(() => ({ search: search || null, ownerIds: ownerId ? [ownerId] : null }), [search, ownerId]);
  const seesOthers = permissions.scopes("Opportunity").some((scope) => scope !== "OWN");
  const showOwner = seesOthers && permissions.canQuery("salesForce");
  const canCreate = permissions.canMutate("opportunityCreate") && permissions.canQuery("customers");

  if (!allowed) return <NoAccessResult />;

  const stages = data ? [...data.pipelineStages].sort((a, b) => a.position - b.position) : null;

  return (
    <Flex vertical gap={16}>
      {messageHolder}
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("pipeline.title")}
        </Typography.Title>
        <Flex gap={8} wrap>
          <Link to={opportunityListPath({ search, ownerIds: ownerId ? [ownerId] : [] })}>
            <Button icon={<UnorderedListOutlined />} data-testid="pipeline-to-list">
              {t("opportunityList.toList")}
            </Button>
          </Link>
          {canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="opportunity-create">
              {t("pipeline.newOpportunity")}
            </Button>
          )}
        </Flex>
      </Flex>
      <PipelineFilters
        key={`filters|${search}|${ownerId ?? ""}`}
        search={search}
        ownerId={ownerId}
        showOwner={showOwner}
        onChange={(next) => {
          const params = new URLSearchParams(searchParams);
          if (next.search) params.set("q", next.search);
          else params.delete("q");
          if (next.ownerId) params.set("owner", next.ownerId);
          else params.delete("owner");
          setSearchParams(params);
        }}
      />
      {stages && stages.length === 0 ? (
        <Empty description={t("pipeline.noStages")} />
      ) : stages ? (
        // The columns start over (first page) whenever the filters change.
        <PipelineBoard key={`board|${search}|${ownerId ?? ""}`} stages={stages} filter={filter} />
      ) : error ? (
        <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      ) : (
        <PageLoading />
      )}
      {creating && (
        <OpportunityCreateModal
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            void messageApi.success(t("opportunityForm.created", { name }));
          }}
        />
      )}
    </Flex>
  );
};
