import { App, Flex, Result, Tabs, Typography } from "antd";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { useCurrentViewer } from "../../modules/auth/hooks/useCurrentViewer";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { ConsoleFilterBar } from "../../modules/service/components/ConsoleFilterBar";
import { LiveStatus } from "../../modules/service/components/LiveStatus";
import { ReconnectBanner } from "../../modules/service/components/ReconnectBanner";
import { TicketTable } from "../../modules/service/components/TicketTable";
import { useLiveTickets } from "../../modules/service/hooks/useLiveTickets";
import { useServiceAgentOptionsQuery } from "../../modules/service/hooks/useServiceAgentOptionsQuery";
import { useServiceQueueOptionsQuery } from "../../modules/service/hooks/useServiceQueueOptionsQuery";
import { useServiceTicketEventsSubscription } from "../../modules/service/hooks/useServiceTicketEventsSubscription";
import { useServiceTicketsQuery } from "../../modules/service/hooks/useServiceTicketsQuery";
import {
  consoleFilterParams,
  parseConsoleFilters,
  ticketFilterFor,
  ticketMatchesList,
  type ConsoleFilters,
  type ConsoleList,
} from "../../modules/service/utils/consoleFilters";
import { mergeLiveTickets } from "../../modules/service/utils/mergeLiveTickets";
import { ticketFieldVariables } from "../../modules/service/utils/ticketFieldVariables";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

/**
 * The live console: the viewer's tickets and the queue, from `tickets(filter)`, kept current by the
 * `ticketEvents` subscription: new tickets appear, status changes and assignments move them between the lists.
 */
const ServiceConsole = () => {
  const { t } = useTranslation("service");
  const { message } = App.useApp();
  const viewer = useCurrentViewer();
  const permissions = usePermissions();
  const supervisor = permissions.canMutate("ticketAssign");
  const consoleViewer = useMemo(() => ({ id: viewer.id, supervisor }), [viewer.id, supervisor]);
  const fields = useMemo(() => ticketFieldVariables(permissions), [permissions]);
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseConsoleFilters(params), [params]);
  const setFilters = (next: ConsoleFilters) => setParams(consoleFilterParams(next), { replace: true });

  const mine = useServiceTicketsQuery({ filter: ticketFilterFor("mine", filters, consoleViewer), fields });
  const queue = useServiceTicketsQuery({ filter: ticketFilterFor("queue", filters, consoleViewer), fields });
  const { live, remember } = useLiveTickets();
  const { refresh: refreshMine } = mine;
  const { refresh: refreshQueue } = queue;
  const refreshAll = useCallback(() => {
    refreshMine();
    refreshQueue();
  }, [refreshMine, refreshQueue]);
  const { connection, retry } = useServiceTicketEventsSubscription({
    fields,
    onEvent: (event) => remember(event.ticket),
    onResync: refreshAll,
    pause: !permissions.canQuery("ticketEvents"),
  });

  const [{ data: agentData }] = useServiceAgentOptionsQuery({ pause: !(supervisor && permissions.canQuery("serviceAgents")) });
  const [{ data: teamData }] = useServiceQueueOptionsQuery({ pause: !permissions.canQuery("teams") });
  const queues = (teamData?.teams ?? [])
    .filter((team) => team.kind === "service")
    .map((team) => ({ value: team.id, label: team.name }));
  const agents =
    supervisor && filters.list === "queue"
      ? (agentData?.serviceAgents ?? []).map((agent) => ({ value: agent.user.id, label: agent.user.name }))
      : null;

  const lists = {
    mine: mergeLiveTickets({
      loaded: mine.rows,
      totalCount: mine.totalCount,
      hasNextPage: mine.hasNextPage,
      live,
      matches: (ticket) => ticketMatchesList(ticket, "mine", filters, consoleViewer),
    }),
    queue: mergeLiveTickets({
      loaded: queue.rows,
      totalCount: queue.totalCount,
      hasNextPage: queue.hasNextPage,
      live,
      matches: (ticket) => ticketMatchesList(ticket, "queue", filters, consoleViewer),
    }),
  };
  const seenCategories = [...new Set([...lists.mine.rows, ...lists.queue.rows].map((ticket) => ticket.category))];

  const loadMore = async (list: typeof mine) => {
    if (!(await list.loadMore())) void message.error(t("console.loadMoreFailed"));
  };

  const tab = (key: ConsoleList, source: typeof mine, label: string, emptyText: string) => ({
    key,
    label: (
      <span data-testid={`console-tab-${key}`}>
        {label}
        {source.loaded && <Typography.Text type="secondary">{` ${lists[key].totalCount}`}</Typography.Text>}
      </span>
    ),
    children:
      source.error && !source.loaded ? (
        <RequestFailedResult error={source.error} onRetry={source.refresh} />
      ) : (
        <TicketTable
          rows={lists[key].rows}
          loading={!source.loaded && source.fetching}
          emptyText={emptyText}
          showCustomer={fields.withCustomer}
          showQueue={fields.withQueue && queues.length > 1}
          showSla={fields.withSla}
          canAssign={supervisor}
          hasNextPage={source.hasNextPage}
          loadingMore={source.loadingMore}
          onLoadMore={() => void loadMore(source)}
          onConflict={source.refresh}
          testId={`console-list-${key}`}
        />
      ),
  });

  return (
    <Flex vertical gap={16} data-testid="service-console">
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("console.title")}
        </Typography.Title>
        <LiveStatus connection={connection} />
      </Flex>
      <ReconnectBanner connection={connection} onRetry={retry} />
      <ConsoleFilterBar filters={filters} onChange={setFilters} queues={queues} agents={agents} seenCategories={seenCategories} />
      <Tabs
        activeKey={filters.list}
        onChange={(key) => setFilters({ ...filters, list: key === "queue" ? "queue" : "mine" })}
        items={[
          tab("mine", mine, t("console.tabs.mine"), t("console.empty.mine")),
          tab(
            "queue",
            queue,
            t(supervisor ? "console.tabs.queueAll" : "console.tabs.queue"),
            t(supervisor ? "console.empty.queueAll" : "console.empty.queue"),
          ),
        ]}
      />
    </Flex>
  );
};

/** /service: the service desk's live console (staff who may list tickets). */
export const ServiceConsolePage = () => {
  const { t } = useTranslation("service");
  const permissions = usePermissions();
  if (!permissions.canQuery("tickets")) {
    return <Result status="403" title={t("console.noAccess")} data-testid="service-no-access" />;
  }
  return (
    <App component={false}>
      <ServiceConsole />
    </App>
  );
};
