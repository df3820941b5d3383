import { App, Form, Input, Modal, Select, type ButtonProps, type FormInstance } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { CustomerStatus, CustomerUpdateInput, Grade } from "../../../generated/graphql";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { CUSTOMER_STATUSES, GRADES } from "../constants/customerEnums";
import { CUSTOMER_360_UPDATE_MUTATION } from "../graphql/customer360UpdateMutation";
import { useCustomerFilterOptionsQuery } from "../hooks/useCustomerFilterOptionsQuery";
import type { Customer360 } from "../types/Customer360";
import { RegionCascader, regionParts, regionValue } from "./RegionCascader";

export type CustomerEditValues = {
  name: string;
  status?: CustomerStatus;
  grade?: Grade | null;
  industry?: string | null;
  province?: string | null;
  city?: string | null;
  source?: string | null;
  size?: string | null;
  ownerId?: string | null;
};

type EditField = keyof CustomerEditValues;

const EDIT_FIELDS: readonly EditField[] = ["name", "status", "grade", "industry", "province", "city", "source", "size", "ownerId"];
/** The customer field each form field writes. */
const TARGET: Record<EditField, string> = {
  name: "name",
  status: "status",
  grade: "grade",
  industry: "industry",
  province: "province",
  city: "city",
  source: "source",
  size: "size",
  ownerId: "owner",
};

const OK_BUTTON_PROPS: ButtonProps & { "data-testid": string } = { "data-testid": "customer-edit-submit" };

const valuesOf = (customer: Customer360): CustomerEditValues => ({
  name: customer.name,
  status: customer.status,
  grade: customer.grade ?? null,
  industry: customer.industry ?? null,
  province: customer.province ?? null,
  city: customer.city ?? null,
  source: customer.source ?? null,
  size: customer.size ?? null,
  ownerId: customer.owner?.id ?? null,
});

const normalise = (value: string | null | undefined): string | null => (typeof value === "string" ? value.trim() || null : (value ?? null));

type CustomerEditModalProps = {
  open: boolean;
  customer: Customer360;
  onClose: () => void;
  /** Reload the customer (after a CONFLICT). */
  onReload: () => void;
};

/**
 * Edits what the viewer may write and sends only what changed, with the version it read: a stale version
 * answers CONFLICT, which offers to reload the customer. Render it with `key={customer.version}` so a reloaded
 * customer starts a fresh form.
 */
export const CustomerEditModal = ({ open, customer, onClose, onReload }: CustomerEditModalProps) => {
  const { t } = useTranslation("customers");
  const { t: tc } = useTranslation("common");
  const { message } = App.useApp();
  const permissions = usePermissions();
  const [form] = Form.useForm<CustomerEditValues>();
  const [{ fetching }, update] = useMutation(CUSTOMER_360_UPDATE_MUTATION);
  const formErrors = useFormErrors(form, { fields: EDIT_FIELDS, failed: t("edit.failed") });

  // A field is editable when the viewer may write it and the page could read it.
  const editable = useMemo(() => {
    const read: Record<EditField, boolean> = {
      name: true,
      status: customer.status !== undefined,
      grade: customer.grade !== undefined,
      industry: customer.industry !== undefined,
      province: customer.province !== undefined,
      city: customer.city !== undefined,
      source: customer.source !== undefined,
      size: customer.size !== undefined,
      ownerId: customer.owner !== undefined,
    };
    return new Set(EDIT_FIELDS.filter((field) => read[field] && permissions.has("Customer", TARGET[field], "WRITE")));
  }, [customer, permissions]);

  const [{ data: owners }] = useCustomerFilterOptionsQuery({
    withTags: false,
    withOwners: open && editable.has("ownerId") && permissions.canQuery("salesForce"),
    withProvinces: false,
    withIndustries: false,
  });
  const ownerOptions = useMemo(() => {
    const list = (owners?.salesForce ?? []).map((user) => ({ value: user.id, label: user.name }));
    if (customer.owner && !list.some((option) => option.value === customer.owner?.id)) {
      list.unshift({ value: customer.owner.id, label: customer.owner.name });
    }
    return list;
  }, [owners, customer.owner]);

  const submit = async (values: CustomerEditValues) => {
    formErrors.clear();
    const before = valuesOf(customer);
    const input: CustomerUpdateInput = { id: customer.id, version: customer.version };
    let changed = false;
    for (const field of editable) {
      const next = normalise(values[field]);
      if (next === normalise(before[field])) continue;
      if (field === "name" && !next) continue;
      (input as Record<string, unknown>)[field] = next;
      changed = true;
    }
    if (!changed) {
      void message.info(t("edit.noChanges"));
      onClose();
      return;
    }
    const result = await update({ input });
    if (!formErrors.check({ error: result.error, payload: result.data?.customerUpdate })) return;
    void message.success(t("edit.saved"));
    onClose();
  };

  const textItem = (field: "industry" | "province" | "city" | "source" | "size", label: string) =>
    editable.has(field) && (
      <Form.Item<CustomerEditValues> name={field} label={label}>
        <Input maxLength={100} allowClear data-testid={`customer-edit-${field}`} />
      </Form.Item>
    );

  return (
    <Modal
      open={open}
      title={t("edit.title")}
      okText={tc("save")}
      cancelText={tc("cancel")}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        formErrors.clear();
        onClose();
      }}
      confirmLoading={fetching}
      okButtonProps={OK_BUTTON_PROPS}
      forceRender
    >
      <Form<CustomerEditValues>
        form={form}
        layout="vertical"
        initialValues={valuesOf(customer)}
        onFinish={(values) => void submit(values)}
        disabled={fetching}
        data-testid="customer-edit-form"
      >
        <FormErrorAlert error={formErrors.error} onReload={onReload} testId="customer-edit" />
        <Form.Item<CustomerEditValues>
          name="name"
          label={t("create.name")}
          rules={[{ required: true, whitespace: true, message: t("create.nameRequired") }]}
        >
          <Input maxLength={200} disabled={!editable.has("name")} data-testid="customer-edit-name" />
        </Form.Item>
        {editable.has("status") && (
          <Form.Item<CustomerEditValues> name="status" label={t("columns.status")}>
            <Select<CustomerStatus> options={CUSTOMER_STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))} data-testid="customer-edit-status" />
          </Form.Item>
        )}
        {editable.has("grade") && (
          <Form.Item<CustomerEditValues> name="grade" label={t("create.grade")}>
            <Select<Grade> allowClear options={GRADES.map((value) => ({ value, label: t(`grade.${value}`) }))} data-testid="customer-edit-grade" />
          </Form.Item>
        )}
        {editable.has("ownerId") && ownerOptions.length > 0 && (
          <Form.Item<CustomerEditValues> name="ownerId" label={t("edit.owner")}>
            <Select showSearch optionFilterProp="label" options={ownerOptions} data-testid="customer-edit-owner" />
          </Form.Item>
        )}
        {textItem("industry", t("create.industry"))}
        {editable.has("province") && editable.has("city") ? (
          <RegionItem form={form} label={t("create.region")} />
        ) : (
          <>
            {textItem("province", t("create.province"))}
            {textItem("city", t("create.city"))}
          </>
        )}
        {textItem("source", t("detail.source"))}
        {customer.kind !== "PERSON" && textItem("size", t("detail.size"))}
      </Form>
    </Modal>
  );
};

/** Province and city picked together from the standard list; the form keeps them as its two fields. */
const RegionItem = ({ form, label }: { form: FormInstance<CustomerEditValues>; label: string }) => {
  const province = Form.useWatch("province", form);
  const city = Form.useWatch("city", form);
  return (
    <>
      <Form.Item label={label}>
        <RegionCascader
          value={regionValue(province, city)}
          onChange={(value) => {
            const parts = regionParts(value);
            form.setFieldsValue({ province: parts.province ?? null, city: parts.city ?? null });
          }}
          testId="customer-edit-region"
        />
      </Form.Item>
      <Form.Item<CustomerEditValues> name="province" hidden>
        <Input />
      </Form.Item>
      <Form.Item<CustomerEditValues> name="city" hidden>
        <Input />
      </Form.Item>
    </>
  );
};
