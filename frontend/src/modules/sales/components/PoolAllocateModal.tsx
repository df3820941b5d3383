import { Form, Modal } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { POOL_ALLOCATE_MUTATION } from "../graphql/poolAllocateMutation";
import type { PoolCustomer } from "../types/PoolCustomer";
import { testIdProps } from "../utils/testIdProps";
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
  const [{ fetching }, allocate] = useMutation(POOL_ALLOCATE_MUTATION);
  const formErrors = useFormErrors(form, { fields: ["userId"], failed: t("pool.actionFailed") });

  const submit = async ({ userId }: AllocateValues) => {
    formErrors.clear();
    const result = await allocate({ input: { customerId: customer.id, userId } });
    const payload = formErrors.check({ error: result.error, payload: result.data?.poolAllocate });
    if (!payload) return;
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
      <FormErrorAlert error={formErrors.error} testId="pool-allocate" />
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
