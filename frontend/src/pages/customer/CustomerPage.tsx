import { App, Button, Col, Flex, Result, Row, Skeleton } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useParams } from "react-router";

import { CustomerEditModal } from "../../modules/customers/components/CustomerEditModal";
import { CustomerHeader } from "../../modules/customers/components/CustomerHeader";
import { ContactsCard, OpportunitiesCard, TasksCard, TicketsCard } from "../../modules/customers/components/CustomerSectionCards";
import { CustomerTimelineCard } from "../../modules/customers/components/CustomerTimelineCard";
import { DuplicatesCard } from "../../modules/customers/components/DuplicatesCard";
import { OrdersCard } from "../../modules/customers/components/OrdersCard";
import { useCustomer360Query } from "../../modules/customers/hooks/useCustomer360Query";
import {
  canSeeCustomerDuplicates,
  customer360Access,
  customerTimelineAccess,
  hasAll,
} from "../../modules/customers/utils/customerAccess";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

/** /customers/:id: the customer's 360° page. */
export const CustomerPage = () => (
  <App component={false}>
    <Customer360View />
  </App>
);

const Customer360View = () => {
  const { t } = useTranslation("customers");
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const access = useMemo(() => customer360Access(permissions), [permissions]);
  const timelineAccess = useMemo(() => customerTimelineAccess(permissions), [permissions]);
  const [{ data, error }, reexecute] = useCustomer360Query({ id, ...access });
  const [editing, setEditing] = useState(false);
  // Bumped after a merge, so the timeline reloads with what moved in.
  const [timelineGeneration, setTimelineGeneration] = useState(0);

  if (!data) {
    if (error) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
    return (
      <Flex vertical gap={16} data-testid="customer-loading">
        <Skeleton active avatar paragraph={{ rows: 3 }} />
        <Skeleton active paragraph={{ rows: 8 }} />
      </Flex>
    );
  }

  const customer = data.customer;
  if (!customer) {
    return (
      <Result
        status="404"
        title={t("detail.notFound")}
        extra={
          <Link to="/customers">
            <Button type="primary">{t("detail.back")}</Button>
          </Link>
        }
        data-testid="customer-not-found"
      />
    );
  }
  // The id of a merged duplicate answers its survivor: show the survivor under its own address.
  if (customer.id !== id) return <Navigate to={`/customers/${customer.id}`} replace />;

  const canEdit = permissions.canMutate("customerUpdate");
  const canLog =
    permissions.canMutate("activityLog") && hasAll(permissions, ["Activity.kind", "Activity.subject"], "WRITE") && timelineAccess.withActivities;
  const withTimeline = hasAll(permissions, ["Customer.timeline"]);
  const withDuplicates = canSeeCustomerDuplicates(permissions);

  const onMerged = (survivorId: string) => {
    if (survivorId !== customer.id) void navigate(`/customers/${survivorId}`);
    else setTimelineGeneration((generation) => generation + 1);
  };

  return (
    <Flex vertical gap={16} data-testid="customer-page">
      <CustomerHeader customer={customer} access={access} onEdit={canEdit ? () => setEditing(true) : undefined} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          {withTimeline && (
            <CustomerTimelineCard
              key={`${customer.id}:${timelineGeneration}`}
              customerId={customer.id}
              access={timelineAccess}
              canLog={canLog}
              contacts={access.withContacts ? (customer.contacts ?? []) : []}
            />
          )}
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            {access.withContacts && <ContactsCard contacts={customer.contacts ?? []} withPhones={access.withPhones} withEmails={access.withEmails} />}
            {access.withOrders && <OrdersCard orders={customer.orders?.nodes ?? []} amounts={access.withOrderAmounts} />}
            {access.withOpportunities && <OpportunitiesCard opportunities={customer.opportunities ?? []} />}
            {access.withTickets && <TicketsCard tickets={customer.tickets ?? []} />}
            {access.withTasks && <TasksCard tasks={customer.tasks ?? []} />}
            {withDuplicates && (
              <DuplicatesCard
                customer={{ id: customer.id, name: customer.name }}
                withOwner={access.withOwner}
                withCreatedAt={access.withCreatedAt}
                canMerge={permissions.canMutate("customerMerge")}
                onMerged={onMerged}
              />
            )}
          </Flex>
        </Col>
      </Row>
      {canEdit && (
        <CustomerEditModal
          key={customer.version}
          open={editing}
          customer={customer}
          onClose={() => setEditing(false)}
          onReload={() => reexecute({ requestPolicy: "network-only" })}
        />
      )}
    </Flex>
  );
};
