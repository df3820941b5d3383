import { Alert, Button, Card, Flex, Skeleton, Statistic, Typography, message, theme } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { useMutation } from "urql";

import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { NoAccessResult } from "../../modules/sales/components/NoAccessResult";
import { PoolAllocateModal } from "../../modules/sales/components/PoolAllocateModal";
import { PoolFilters } from "../../modules/sales/components/PoolFilters";
import { PoolTable } from "../../modules/sales/components/PoolTable";
import { SALES_LIST_PAGE_SIZE } from "../../modules/sales/constants/salesPageSizes";
import { POOL_CLAIM_MUTATION } from "../../modules/sales/graphql/poolClaimMutation";
import { usePublicPoolQuery } from "../../modules/sales/hooks/usePublicPoolQuery";
import type { PoolCustomer } from "../../modules/sales/types/PoolCustomer";
import {
  poolFilterOf,
  poolFiltersFromSearchParams,
  poolFiltersToSearchParams,
} from "../../modules/sales/utils/poolFiltersFromSearchParams";
import { CursorPager } from "../../modules/ui/components/CursorPager";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";
import { useCursorPages } from "../../modules/ui/hooks/useCursorPages";

type ClaimNotice =
  | { kind: "claimed"; customerId: string | null; name: string }
  | { kind: "limit"; text: string }
  | { kind: "cooldown"; text: string }
  | { kind: "refused"; text: string };

/** /pool: the public pool, with the claims left today; reps claim, managers allocate. Filters live in the URL. */
export const PoolPage = () => {
  const { t } = useTranslation("sales");
  const permissions = usePermissions();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = poolFiltersFromSearchParams(searchParams);
  const filterKey = poolFiltersToSearchParams(filters).toString();
  const pages = useCursorPages(filterKey);
  const allowed = permissions.canQuery("publicPool");
  const withClaimsLeft = permissions.canQuery("poolClaimsLeft");
  const [{ data, fetching, error }, reexecute] = usePublicPoolQuery(
    { first: SALES_LIST_PAGE_SIZE, after: pages.after, filter: poolFilterOf(filters), withClaimsLeft },
    !allowed,
  );
  const [, claim] = useMutation(POOL_CLAIM_MUTATION);
  const [claimingId, setClaimingId] = useState<string | null>(null);
  const [notice, setNotice] = useState<ClaimNotice | null>(null);
  const [allocating, setAllocating] = useState<PoolCustomer | null>(null);
  const [messageApi, messageHolder] = message.useMessage();
  const { token } = theme.useToken();

  if (!allowed) return <NoAccessResult />;

  const claimCustomer = async (customer: PoolCustomer) => {
    setClaimingId(customer.id);
    setNotice(null);
    const result = await claim({ input: { customerId: customer.id } });
    setClaimingId(null);
    const payload = result.data?.poolClaim;
    if (result.error || !payload) {
      void messageApi.error(t("pool.actionFailed"));
      return;
    }
    const [userError] = payload.userErrors;
    if (userError) {
      const text = payload.userErrors.map((entry) => entry.message).join(" ");
      if (userError.code === "CLAIM_LIMIT") setNotice({ kind: "limit", text });
      else if (userError.code === "COOLDOWN") setNotice({ kind: "cooldown", text });
      else setNotice({ kind: "refused", text });
      return;
    }
    setNotice({ kind: "claimed", customerId: payload.customer?.id ?? null, name: payload.customer?.name ?? customer.name });
  };

  const claimsLeft = data?.poolClaimsLeft;
  const connection = data?.publicPool;

  return (
    <Flex vertical gap={16}>
      {messageHolder}
      <Flex justify="space-between" align="center" wrap gap={16}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("pool.title")}
        </Typography.Title>
        {withClaimsLeft && (
          <Card size="small" style={{ minWidth: 200 }}>
            <div data-testid="pool-claims-left">
              <Statistic
                title={t("pool.claimsLeft")}
                value={claimsLeft ?? "—"}
                loading={claimsLeft === undefined && fetching}
                styles={{ content: { color: claimsLeft === 0 ? token.colorError : token.colorPrimary, fontSize: 32 } }}
              />
            </div>
            {claimsLeft === 0 && <Typography.Text type="secondary">{t("pool.noClaimsLeft")}</Typography.Text>}
          </Card>
        )}
      </Flex>
      {notice?.kind === "claimed" && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setNotice(null) }}
          title={t("pool.claimed", { name: notice.name })}
          data-testid="pool-claim-result"
          action={
            notice.customerId ? (
              <Button
                size="small"
                type="primary"
                onClick={() => void navigate(`/customers/${notice.customerId}`)}
                data-testid="pool-open-customer"
              >
                {t("pool.openCustomer")}
              </Button>
            ) : undefined
          }
        />
      )}
      {notice && notice.kind !== "claimed" && (
        <Alert
          type={notice.kind === "refused" ? "error" : "warning"}
          showIcon
          closable={{ onClose: () => setNotice(null) }}
          role="alert"
          title={t(notice.kind === "limit" ? "pool.claimLimit" : notice.kind === "cooldown" ? "pool.cooldown" : "pool.claimRefused")}
          description={notice.text}
          data-testid="pool-claim-error"
          data-code={notice.kind}
        />
      )}
      <Card>
        <Flex vertical gap={16}>
          <PoolFilters filters={filters} onChange={(next) => setSearchParams(poolFiltersToSearchParams(next))} />
          {connection ? (
            <>
              <PoolTable
                customers={connection.nodes}
                loading={fetching}
                filtered={filterKey !== ""}
                claimingId={claimingId}
                onClaim={(customer) => void claimCustomer(customer)}
                onAllocate={setAllocating}
              />
              <CursorPager testId="pool-pager" pages={pages} pageInfo={connection.pageInfo} totalCount={connection.totalCount} disabled={fetching} />
            </>
          ) : error ? (
            <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
          ) : (
            <Skeleton active paragraph={{ rows: 6 }} />
          )}
        </Flex>
      </Card>
      {allocating && (
        <PoolAllocateModal
          customer={allocating}
          onClose={() => setAllocating(null)}
          onAllocated={(ownerName) => {
            const name = allocating.name;
            setAllocating(null);
            void messageApi.success(t("pool.allocated", { name, owner: ownerName }));
          }}
        />
      )}
    </Flex>
  );
};
