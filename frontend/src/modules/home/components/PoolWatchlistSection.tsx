import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";

import { useFormatters } from "../../format/hooks/useFormatters";
import { HOME_POOL_WATCHLIST_QUERY } from "../graphql/homePoolWatchlistQuery";
import { HomeList } from "./HomeList";
import { HomeSection } from "./HomeSection";

/** Days ahead the watchlist looks. */
export const POOL_WATCH_DAYS = 7;

/** The viewer's customers about to return to the public pool for want of a follow-up. */
export const PoolWatchlistSection = () => {
  const { t } = useTranslation("home");
  const format = useFormatters();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: HOME_POOL_WATCHLIST_QUERY, variables: { withinDays: POOL_WATCH_DAYS, first: 8 } });
  const customers = data?.poolWatchlist ?? [];
  return (
    <HomeSection
      testId="home-section-poolWatchlist"
      title={t("poolWatchlist.title", { days: POOL_WATCH_DAYS })}
      count={data ? customers.length : undefined}
      link={{ to: "/pool", label: t("poolWatchlist.pool") }}
      fetching={fetching}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
      empty={customers.length === 0}
      emptyText={t("poolWatchlist.empty")}
    >
      <HomeList
        testId="pool-watchlist"
        items={customers.map((customer) => ({
          key: customer.id,
          title: <Link to={`/customers/${customer.id}`}>{customer.name}</Link>,
          description: customer.lastFollowUpAt
            ? t("poolWatchlist.lastFollowUp", { when: format.relative(customer.lastFollowUpAt) })
            : t("poolWatchlist.noFollowUp"),
          extra: (
            <>
              {customer.grade && <Tag>{customer.grade}</Tag>}
              <Tag color={(customer.poolDaysLeft ?? 0) <= 1 ? "red" : "orange"} data-testid="pool-days-left">
                {customer.poolDaysLeft === 0
                  ? t("poolWatchlist.dueNow")
                  : t("poolWatchlist.daysLeft", { count: customer.poolDaysLeft ?? 0 })}
              </Tag>
            </>
          ),
        }))}
      />
    </HomeSection>
  );
};
