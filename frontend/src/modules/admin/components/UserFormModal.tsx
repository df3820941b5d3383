import { Form, Input, Modal, Select, Switch } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { AdminUserFieldsFragment } from "../../../generated/graphql";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { ADMIN_USER_CREATE_MUTATION } from "../graphql/adminUserCreateMutation";
import { ADMIN_USER_UPDATE_MUTATION } from "../graphql/adminUserUpdateMutation";
import { useRoleLabel } from "../hooks/useRoleLabel";

export type AdminUser = AdminUserFieldsFragment;

type UserFormValues = {
  email: string;
  name: string;
  password?: string;
  roles: string[];
  teamId?: string | null;
  locale: string;
  active: boolean;
};

const FIELDS = ["email", "name", "password", "roles", "teamId", "locale", "active"] as const;

type UserFormModalProps = {
  /** The user to change; null creates one. */
  user: AdminUser | null;
  roles: readonly string[];
  teams: ReadonlyArray<{ id: string; name: string }>;
  onClose: () => void;
  onSaved: () => void;
};

/** Create a user (email, name, password, roles, team) or change one (name, roles, team, locale, active). */
export const UserFormModal = ({ user, roles, teams, onClose, onSaved }: UserFormModalProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const roleLabel = useRoleLabel();
  const [form] = Form.useForm<UserFormValues>();
  const [modal, modalHolder] = Modal.useModal();
  const [{ fetching: creating }, create] = useMutation(ADMIN_USER_CREATE_MUTATION);
  const [{ fetching: updating }, update] = useMutation(ADMIN_USER_UPDATE_MUTATION);
  const formErrors = useFormErrors(form, { fields: FIELDS, failed: t("admin:errors.saveFailed") });
  const isNew = user === null;

  const save = async (values: UserFormValues) => {
    formErrors.clear();
    const result = isNew
      ? await create({
          input: {
            email: values.email.trim(),
            name: values.name.trim(),
            password: values.password ? values.password : null,
            roles: values.roles,
            teamId: values.teamId ?? null,
            locale: values.locale,
          },
        })
      : await update({
          input: {
            id: user.id,
            name: values.name.trim(),
            roles: values.roles,
            teamId: values.teamId ?? null,
            locale: values.locale,
            active: values.active,
          },
        });
    const payload = result.data && ("userCreate" in result.data ? result.data.userCreate : result.data.userUpdate);
    if (formErrors.check({ error: result.error, payload })) onSaved();
  };

  const submit = (values: UserFormValues) => {
    if (!isNew && user.active && !values.active) {
      modal.confirm({
        title: t("admin:users.deactivateTitle", { name: user.name }),
        content: t("admin:users.deactivateContent"),
        okText: t("admin:users.deactivate"),
        okButtonProps: { danger: true },
        cancelText: t("common:cancel"),
        onOk: () => save(values),
      });
      return;
    }
    void save(values);
  };

  return (
    <Modal
      open
      title={isNew ? t("admin:users.createTitle") : t("admin:users.editTitle", { name: user.name })}
      okText={t("common:save")}
      cancelText={t("common:cancel")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={creating || updating}
      destroyOnHidden
    >
      {modalHolder}
      <FormErrorAlert error={formErrors.error} onReload={onSaved} testId="form" />
      <Form<UserFormValues>
        form={form}
        layout="vertical"
        data-testid="user-form"
        initialValues={
          user
            ? { email: user.email, name: user.name, roles: user.roles, teamId: user.team?.id ?? null, locale: user.locale, active: user.active }
            : { roles: [], locale: "zh-CN", active: true, teamId: null }
        }
        onFinish={submit}
      >
        <Form.Item
          name="email"
          label={t("admin:users.email")}
          rules={[
            { required: isNew, message: t("admin:users.emailRequired") },
            { type: "email", message: t("admin:users.emailInvalid") },
          ]}
        >
          <Input disabled={!isNew} autoComplete="off" data-testid="user-email" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t("admin:users.name")}
          rules={[{ required: true, whitespace: true, message: t("admin:users.nameRequired") }]}
        >
          <Input data-testid="user-name" />
        </Form.Item>
        {isNew && (
          <Form.Item
            name="password"
            label={t("admin:users.password")}
            extra={t("admin:users.passwordHint")}
            rules={[{ min: 8, message: t("admin:users.passwordTooShort") }]}
          >
            <Input.Password autoComplete="new-password" data-testid="user-password" />
          </Form.Item>
        )}
        <Form.Item name="roles" label={t("admin:users.roles")}>
          <Select
            mode="multiple"
            allowClear
            data-testid="user-roles"
            options={roles.map((role) => ({ value: role, label: roleLabel(role) }))}
            placeholder={t("admin:users.noRoles")}
          />
        </Form.Item>
        <Form.Item name="teamId" label={t("admin:users.team")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            data-testid="user-team"
            placeholder={t("admin:users.noTeam")}
            options={teams.map((team) => ({ value: team.id, label: team.name }))}
          />
        </Form.Item>
        <Form.Item name="locale" label={t("admin:users.locale")}>
          <Select
            data-testid="user-locale"
            options={[
              { value: "zh-CN", label: t("admin:users.localeZh") },
              { value: "en", label: t("admin:users.localeEn") },
            ]}
          />
        </Form.Item>
        {!isNew && (
          <Form.Item name="active" label={t("admin:users.active")} valuePropName="checked">
            <Switch data-testid="user-active" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
};
