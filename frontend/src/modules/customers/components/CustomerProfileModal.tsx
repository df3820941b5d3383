import { App, DatePicker, Form, Input, Modal, Select, type ButtonProps } from "antd";
import dayjs from "dayjs";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { usePermissions } from "../../permissions/hooks/usePermissions";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useDiscardGuard } from "../../ui/hooks/useDiscardGuard";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { GENDERS, MARITAL_STATUSES, RISK_LEVELS } from "../constants/customerEnums";
import { CUSTOMER_360_UPDATE_MUTATION } from "../graphql/customer360UpdateMutation";
import {
  PROFILE_EDIT_FIELDS,
  profileFieldApplies,
  profileFormValues,
  profileUpdateInput,
  type CustomerProfile,
  type ProfileField,
  type ProfileFormValues,
} from "../utils/profileInput";

const OK_BUTTON_PROPS: ButtonProps & { "data-testid": string } = { "data-testid": "profile-submit" };

/** The profile fields the viewer may write, among those the page could read. */
export const writableProfileFields = (
  customer: CustomerProfile,
  has: (type: string, field: string, minimum: "WRITE") => boolean,
): Set<ProfileField> =>
  new Set(
    PROFILE_EDIT_FIELDS.filter(
      (field) => customer[field] !== undefined && profileFieldApplies(field, customer.kind) && has("Customer", field, "WRITE"),
    ),
  );

type CustomerProfileModalProps = {
  customer: CustomerProfile;
  onClose: () => void;
  /** After a save, or to reload after a conflict. */
  onSaved: () => void;
};

/** Edits the profile fields the viewer may write (the others are not in the form) and sends only what changed. */
export const CustomerProfileModal = ({ customer, onClose, onSaved }: CustomerProfileModalProps) => {
  const { t } = useTranslation("customers");
  const { t: tc } = useTranslation("common");
  const { message } = App.useApp();
  const permissions = usePermissions();
  const writable = useMemo(() => writableProfileFields(customer, permissions.has), [customer, permissions]);
  const [form] = Form.useForm<ProfileFormValues>();
  const [{ fetching }, update] = useMutation(CUSTOMER_360_UPDATE_MUTATION);
  const formErrors = useFormErrors(form, { fields: PROFILE_EDIT_FIELDS, failed: t("profile.failed") });
  const initialValues = useMemo(() => profileFormValues(customer), [customer]);
  const options = (values: readonly string[], prefix: string) => values.map((value) => ({ value, label: t(`${prefix}.${value}` as never) }));

  const submit = async (values: ProfileFormValues) => {
    formErrors.clear();
    const input = profileUpdateInput(customer, values, writable);
    if (!input) {
      onClose();
      return;
    }
    const result = await update({ input });
    if (!formErrors.check({ error: result.error, payload: result.data?.customerUpdate })) return;
    void message.success(t("profile.saved"));
    onSaved();
    onClose();
  };

  const close = useDiscardGuard(form, onClose, { testId: "profile-discard" });

  return (
    <Modal
      open
      title={t("profile.editTitle")}
      okText={tc("save")}
      cancelText={tc("cancel")}
      okButtonProps={{ ...OK_BUTTON_PROPS, loading: fetching }}
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
    >
      <FormErrorAlert error={formErrors.error} testId="profile" onReload={() => { onSaved(); onClose(); }} />
      <Form<ProfileFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
        onValuesChange={formErrors.clear}
        disabled={fetching}
        data-testid="profile-form"
      >
        {writable.has("gender") && (
          <Form.Item<ProfileFormValues> name="gender" label={t("profile.gender")}>
            <Select allowClear options={options(GENDERS, "gender")} data-testid="profile-gender" />
          </Form.Item>
        )}
        {writable.has("birthDate") && (
          <Form.Item<ProfileFormValues> name="birthDate" label={t("profile.birthDate")} extra={t("profile.birthDateHint")}>
            <DatePicker
              style={{ width: "100%" }}
              disabledDate={(day) => day.isAfter(dayjs()) || day.isBefore(dayjs("1900-01-01"))}
              data-testid="profile-birth-date"
            />
          </Form.Item>
        )}
        {writable.has("occupation") && (
          <Form.Item<ProfileFormValues> name="occupation" label={t("profile.occupation")}>
            <Input maxLength={64} data-testid="profile-occupation" />
          </Form.Item>
        )}
        {writable.has("education") && (
          <Form.Item<ProfileFormValues> name="education" label={t("profile.education")}>
            <Input maxLength={64} data-testid="profile-education" />
          </Form.Item>
        )}
        {writable.has("maritalStatus") && (
          <Form.Item<ProfileFormValues> name="maritalStatus" label={t("profile.maritalStatus")}>
            <Select allowClear options={options(MARITAL_STATUSES, "maritalStatus")} data-testid="profile-marital-status" />
          </Form.Item>
        )}
        {writable.has("creditRating") && (
          <Form.Item<ProfileFormValues> name="creditRating" label={t("profile.creditRating")}>
            <Input maxLength={8} placeholder="AAA" data-testid="profile-credit-rating" />
          </Form.Item>
        )}
        {writable.has("riskLevel") && (
          <Form.Item<ProfileFormValues> name="riskLevel" label={t("profile.riskLevel")}>
            <Select allowClear options={options(RISK_LEVELS, "riskLevel")} data-testid="profile-risk-level" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
};
