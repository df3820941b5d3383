import { App } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { CUSTOMER_360_UNARCHIVE_MUTATION } from "../graphql/customer360UnarchiveMutation";

/** Brings an archived customer back (the archive's undo, and the archived banner's button); reloads after. */
export const useUnarchiveCustomer = (onChanged: () => void) => {
  const { t } = useTranslation("customers");
  const { message } = App.useApp();
  const errorText = useMutationErrorText();
  const [, unarchive] = useMutation(CUSTOMER_360_UNARCHIVE_MUTATION);
  return async (customer: { id: string; version: number }) => {
    const result = await unarchive({ input: { id: customer.id, version: customer.version } });
    const error = errorText({ error: result.error, payload: result.data?.customerUnarchive }, t("archive.unarchiveFailed"));
    if (error) void message.error(error);
    else void message.success(t("archive.unarchived"));
    onChanged();
  };
};
