import { App, Flex, Result, Space, Tabs, Typography } from "antd";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";

import { useCurrentViewer } from "../../modules/auth/hooks/useCurrentViewer";
import { ExportControl } from "../../modules/exports/components/ExportControl";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { ConsoleFilterBar } from "../../modules/service/components/ConsoleFilterBar";
import { LiveStatus } from "../../modules/service/components/LiveStatus";
import { PhoneLookupCard } from "../../modules/service/components/PhoneLookupCard";
import { ReconnectBanner } from "../../modules/service/components/ReconnectBanner";
import { TicketTable } from "../../modules/service/components/TicketTable";
import { SERVICE_AGENT_OPTIONS_QUERY } from "../../modules/service/graphql/serviceAgentOptionsQuery";
import { SERVICE_QUEUE_OPTIONS_QUERY } from "../../modules/service/graphql/serviceQueueOptionsQuery";
import { useLiveTickets } from "../../modules/service/hooks/useLiveTickets";
import { useServiceTicketEventsSubscription } from "../../modules/service/hooks/useServiceTicketEventsSubscription";
import { useServiceTicketsQuery } from "../../modules/service/hooks/useServiceTicketsQuery";
import {
  CONSOLE_LISTS,
  consoleFilterParams,
  parseConsoleFilters,
  shownList,
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

  // A supervisor's queue is every ticket they may see: their "all" is that tab; an agent's is a tab of its own.
  const active = shownList(filters.list, consoleViewer);
  const mine = useServiceTicketsQuery({ filter: ticketFilterFor("mine", filters, consoleViewer), fields });
  const queue = useServiceTicketsQuery({ filter: ticketFilterFor("queue", filters, consoleViewer), fields });
  const all = useServiceTicketsQuery({ filter: ticketFilterFor("all", filters, consoleViewer), fields, pause: supervisor });
  const { live, remember } = useLiveTickets();
  const { refresh: refreshMine } = mine;
  const { refresh: refreshQueue } = queue;
  const { refresh: refreshAllList } = all;
  const refreshAll = useCallback(() => {
    refreshMine();
    refreshQueue();
    if (!supervisor) refreshAllList();
  }, [refreshMine, refreshQueue, refreshAllList, supervisor]);
  const { connection, retry } = useServiceTicketEventsSubscription({
    fields,
    onEvent: (event) => remember(event.ticket),
    onResync: refreshAll,
    pause: !permissions.canQuery("ticketEvents"),
  });

  const [{ data: agentData }] = useQuery({ query: SERVICE_AGENT_OPTIONS_QUERY, pause: !(supervisor && permissions.canQuery("serviceAgents")) });
  const [{ data: teamData }] = useQuery({ query: SERVICE_QUEUE_OPTIONS_QUERY, pause: !permissions.canQuery("teams") });
  const queues = (teamData?.teams ?? [])
    .filter((team) => team.kind === "service")
    .map((team) => ({ value: team.id, label: team.name }));
  const agents =
    supervisor && active === "queue"
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
    all: mergeLiveTickets({
      loaded: all.rows,
      totalCount: all.totalCount,
      hasNextPage: all.hasNextPage,
      live,
      matches: (ticket) => ticketMatchesList(ticket, "all", filters, consoleViewer),
    }),
  };
  const seenCategories = [...new Set([...lists.mine.rows, ...lists.queue.rows, ...lists.all.rows].map((ticket) => ticket.category))];

  const loadMore = async (list: typeof mine) => {
    if (!(await list.loadMore())) void message.error(t("console.loadMoreFailed"));
  };

  const tab = (key: ConsoleList, source: typeof mine, label: string, emptyText: string) => ({
    key,
    label: (
      <span data-testid={`console-tab-${key}`}>
        {label}
        {source.loaded && (
          // The shown list's total is what a dashboard's drill-down link compares its figure with.
          <Typography.Text type="secondary" data-list-total={key === active ? lists[key].totalCount : undefined}>
            {` ${lists[key].totalCount}`}
          </Typography.Text>
        )}
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
        <Space wrap>
          {/* The tab shown: its filter, as its list asks for it. */}
          <ExportControl
            lists={["TICKETS"]}
            variables={{ filter: ticketFilterFor(active, filters, consoleViewer) }}
            disabled={!{ mine, queue, all }[active].loaded}
            testId="tickets-export"
          />
          <LiveStatus connection={connection} />
        </Space>
      </Flex>
      <ReconnectBanner connection={connection} onRetry={retry} />
      {permissions.canMutate("customerPhoneLookup") && <PhoneLookupCard />}
      <ConsoleFilterBar filters={filters} onChange={setFilters} queues={queues} agents={agents} seenCategories={seenCategories} />
      <Tabs
        activeKey={active}
        onChange={(key) => setFilters({ ...filters, list: CONSOLE_LISTS.find((list) => list === key) ?? "mine" })}
        items={[
          tab("mine", mine, t("console.tabs.mine"), t("console.empty.mine")),
          tab(
            "queue",
            queue,
            t(supervisor ? "console.tabs.queueAll" : "console.tabs.queue"),
            t(supervisor ? "console.empty.queueAll" : "console.empty.queue"),
          ),
          ...(supervisor ? [] : [tab("all", all, t("console.tabs.all"), t("console.empty.all"))]),
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
