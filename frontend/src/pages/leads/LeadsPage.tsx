import { ImportOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Modal, Skeleton, Space, Typography, message } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useMutation } from "urql";

import type { LeadStatus } from "../../generated/graphql";
import { ExportControl } from "../../modules/exports/components/ExportControl";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { LeadAssignModal } from "../../modules/sales/components/LeadAssignModal";
import { LeadConvertModal } from "../../modules/sales/components/LeadConvertModal";
import { LeadCreateModal } from "../../modules/sales/components/LeadCreateModal";
import { LeadFilters } from "../../modules/sales/components/LeadFilters";
import { LeadImportModal } from "../../modules/sales/components/LeadImportModal";
import { LeadTable } from "../../modules/sales/components/LeadTable";
import { NoAccessResult } from "../../modules/sales/components/NoAccessResult";
import { SALES_LIST_PAGE_SIZE } from "../../modules/sales/constants/salesPageSizes";
import { LEAD_STATUS_SET_MUTATION } from "../../modules/sales/graphql/leadStatusSetMutation";
import { useLeadListQuery } from "../../modules/sales/hooks/useLeadListQuery";
import type { ListedLead } from "../../modules/sales/types/ListedLead";
import {
  leadFilterOf,
  leadFiltersFromSearchParams,
  leadFiltersToSearchParams,
} from "../../modules/sales/utils/leadFiltersFromSearchParams";
import { CursorPager } from "../../modules/ui/components/CursorPager";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";
import { useCursorPages } from "../../modules/ui/hooks/useCursorPages";
import { useMutationErrorText } from "../../modules/ui/hooks/useFormErrors";

type Dialog =
  | { kind: "create" }
  | { kind: "import" }
  | { kind: "assign"; lead: ListedLead }
  | { kind: "convert"; lead: ListedLead };

/** /leads: the leads the viewer may see, filtered through the URL, with capture, import and the lead's next steps. */
export const LeadsPage = () => {
  const { t } = useTranslation(["sales", "common"]);
  const permissions = usePermissions();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = leadFiltersFromSearchParams(searchParams);
  const filterKey = leadFiltersToSearchParams(filters).toString();
  const pages = useCursorPages(filterKey);
  const allowed = permissions.canQuery("leads");
  // What the list shows, less paging: sent with the list's query and, as it is, with an export of it.
  const shown = { filter: leadFilterOf(filters) };
  const [{ data, fetching, error }, reexecute] = useLeadListQuery({
    first: SALES_LIST_PAGE_SIZE,
    after: pages.after,
    ...shown,
    withPhone: permissions.has("Lead", "phone"),
    withEmail: permissions.has("Lead", "email"),
    withOwner: permissions.has("Lead", "owner") && permissions.has("User", "name"),
    withCustomer: permissions.has("Lead", "customer") && permissions.has("Customer", "name"),
    withOpportunity: permissions.has("Lead", "opportunity") && permissions.has("Opportunity", "name"),
  }, !allowed);
  const [, setStatus] = useMutation(LEAD_STATUS_SET_MUTATION);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [messageApi, messageHolder] = message.useMessage();
  const errorText = useMutationErrorText();
  const [modal, modalHolder] = Modal.useModal();

  if (!allowed) return <NoAccessResult />;

  const changeStatus = async (lead: ListedLead, status: LeadStatus) => {
    const result = await setStatus({ input: { id: lead.id, status } });
    const problem = errorText({ error: result.error, payload: result.data?.leadStatusSet }, t("leads.actionFailed"));
    if (problem) {
      void messageApi.error(problem);
    } else {
      void messageApi.success(t("leads.statusChanged", { name: lead.name, status: t(`leadStatus.${status}`) }));
    }
  };

  const requestStatus = (lead: ListedLead, status: LeadStatus) => {
    if (status !== "DISQUALIFIED") {
      void changeStatus(lead, status);
      return;
    }
    void modal.confirm({
      title: t("leads.disqualifyTitle", { name: lead.name }),
      content: t("leads.disqualifyContent"),
      okText: t("leadStatus.DISQUALIFIED"),
      okButtonProps: { danger: true },
      cancelText: t("common:cancel"),
      onOk: () => changeStatus(lead, status),
    });
  };

  const connection = data?.leads;
  const filtered = filterKey !== "";

  return (
    <Flex vertical gap={16}>
      {messageHolder}
      {modalHolder}
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("leads.title")}
        </Typography.Title>
        <Space wrap>
          <ExportControl lists={["LEADS"]} variables={shown} disabled={!connection} testId="leads-export" />
          {permissions.canMutate("leadBulkCreate") && (
            <Button icon={<ImportOutlined />} onClick={() => setDialog({ kind: "import" })} data-testid="lead-import">
              {t("leads.import")}
            </Button>
          )}
          {permissions.canMutate("leadCreate") && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: "create" })} data-testid="lead-create">
              {t("leads.create")}
            </Button>
          )}
        </Space>
      </Flex>
      <Card>
        <Flex vertical gap={16}>
          <LeadFilters
            key={filterKey}
            filters={filters}
            showOwner={permissions.canQuery("salesForce") && permissions.scopes("Lead").some((scope) => scope !== "OWN")}
            onChange={(next) => setSearchParams(leadFiltersToSearchParams(next))}
          />
          {connection ? (
            <>
              <LeadTable
                leads={connection.nodes}
                loading={fetching}
                filtered={filtered}
                onSetStatus={requestStatus}
                onAssign={(lead) => setDialog({ kind: "assign", lead })}
                onConvert={(lead) => setDialog({ kind: "convert", lead })}
              />
              <CursorPager testId="leads-pager" pages={pages} pageInfo={connection.pageInfo} totalCount={connection.totalCount} disabled={fetching} />
            </>
          ) : error ? (
            <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
          ) : (
            <Skeleton active paragraph={{ rows: 6 }} />
          )}
        </Flex>
      </Card>
      {dialog?.kind === "create" && (
        <LeadCreateModal
          onClose={() => setDialog(null)}
          onCreated={(name, duplicate) => {
            setDialog(null);
            void messageApi.success(t(duplicate ? "leadForm.duplicate" : "leadForm.created", { name }));
          }}
        />
      )}
      {dialog?.kind === "import" && <LeadImportModal onClose={() => setDialog(null)} />}
      {dialog?.kind === "assign" && (
        <LeadAssignModal
          lead={dialog.lead}
          onClose={() => setDialog(null)}
          onAssigned={(ownerName) => {
            setDialog(null);
            void messageApi.success(t("leadAssign.done", { name: dialog.lead.name, owner: ownerName }));
          }}
        />
      )}
      {dialog?.kind === "convert" && <LeadConvertModal lead={dialog.lead} onClose={() => setDialog(null)} />}
    </Flex>
  );
};
