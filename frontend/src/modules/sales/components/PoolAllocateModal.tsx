import { Alert, Form, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { usePoolAllocateMutation } from "../hooks/usePoolAllocateMutation";
import type { PoolCustomer } from "../types/PoolCustomer";
import { testIdProps } from "../utils/testIdProps";
import { splitUserErrors } from "../utils/userErrors";
import { SalesForceSelect } from "./SalesForceSelect";

type AllocateValues = { userId: string };

type PoolAllocateModalProps = {
  customer: PoolCustomer;
  onClose: () => void;
  onAllocated: (ownerName: string) => void;
};

/** Gives a pool customer (with its open deals) to a member of the sales force, past any daily limit. */
export const PoolAllocateModal = ({ customer, onClose, onAllocated }: PoolAllocateModalProps) => {
  const { t } = useTranslation(["sales", "common"]);
  const [form] = Form.useForm<AllocateValues>();
  const [{ fetching }, allocate] = usePoolAllocateMutation();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async ({ userId }: AllocateValues) => {
    setFormError(null);
    const result = await allocate({ input: { customerId: customer.id, userId } });
    const payload = result.data?.poolAllocate;
    if (result.error || !payload) {
      setFormError(t("pool.actionFailed"));
      return;
    }
    if (payload.userErrors.length > 0) {
      const { fields, general } = splitUserErrors(payload.userErrors, ["userId"] as const);
      form.setFields(fields);
      if (general.length > 0) setFormError(general.join(" "));
      return;
    }
    onAllocated(payload.customer?.owner?.name ?? "");
  };

  return (
    <Modal
      open
      title={t("pool.allocateTitle", { name: customer.name })}
      okText={t("pool.allocateSubmit")}
      cancelText={t("common:cancel")}
      okButtonProps={{ loading: fetching, ...testIdProps("pool-allocate-submit") }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} role="alert" style={{ marginBottom: 16 }} />}
      <Form<AllocateValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} disabled={fetching}>
        <Form.Item<AllocateValues>
          name="userId"
          label={t("pool.allocateTo")}
          rules={[{ required: true, message: t("pool.allocateRequired") }]}
        >
          <SalesForceSelect data-testid="pool-allocate-user" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
