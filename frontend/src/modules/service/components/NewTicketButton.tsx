import { PlusOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { usePermissions } from "../../permissions/hooks/usePermissions";
import { TicketCreateModal } from "./TicketCreateModal";

/** "New ticket" for a customer, for staff who may open tickets (the portal files its own); nothing otherwise. */
export const NewTicketButton = ({ customer }: { customer: { id: string; name: string } }) => {
  const { t } = useTranslation("service");
  const permissions = usePermissions();
  const [open, setOpen] = useState(false);
  if (!permissions.canMutate("ticketCreate") || !permissions.canQuery("customers")) return null;
  return (
    <>
      <Button block icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="customer-new-ticket">
        {t("create.open")}
      </Button>
      {open && <TicketCreateModal customer={customer} onClose={() => setOpen(false)} />}
    </>
  );
};
