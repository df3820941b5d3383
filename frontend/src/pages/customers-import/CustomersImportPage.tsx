import { App, Card, Flex, Result, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";

import { ImportBatchesList } from "../../modules/imports/components/ImportBatchesList";
import { ImportWizard } from "../../modules/imports/components/ImportWizard";
import { useImportBatchesQuery } from "../../modules/imports/hooks/useImportBatchesQuery";
import { importKindOf, type ImportKindKey } from "../../modules/imports/utils/importKinds";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

/**
 * /customers/import: the import wizard of a file of customers (or, with ?kind=orders or ?kind=tickets, of orders or
 * tickets), and the viewer's past imports; where an import's notification leads.
 */
export const CustomersImportPage = () => (
  <App component={false}>
    <CustomersImport />
  </App>
);

const CustomersImport = () => {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const [search, setSearch] = useSearchParams();
  const kind = importKindOf(search.get("kind"));
  // The kind chosen in the wizard is kept in the address (a link or a reload opens the same kind).
  const chooseKind = (next: ImportKindKey) => setSearch(next === "customers" ? {} : { kind: next }, { replace: true });
  const allowed = permissions.canMutate("importPreview") && permissions.canQuery("importBatches");
  const [{ data, error }, reexecute] = useImportBatchesQuery(!allowed);
  if (!allowed) return <Result status="403" title={t("imports.noAccess")} data-testid="import-no-access" />;
  const batches = data?.importBatches ?? [];
  return (
    <Flex vertical gap={16} data-testid="import-page">
      <Flex vertical gap={4}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t(`imports.kinds.${kind}.title`)}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t("imports.pageHint")} <Link to="/customers">{t("imports.backToCustomers")}</Link>
        </Typography.Text>
      </Flex>
      <Card>
        <ImportWizard kind={kind} onKind={chooseKind} batches={batches} />
      </Card>
      <Card title={t("imports.list.title")}>
        {error && !data ? (
          <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
        ) : (
          <ImportBatchesList batches={batches} />
        )}
      </Card>
    </Flex>
  );
};
