import { useCallback } from "react";
import { useTranslation } from "react-i18next";

import { ROLE_NAMES, type RoleName } from "../utils/roleNames";

const isRoleName = (role: string): role is RoleName => (ROLE_NAMES as readonly string[]).includes(role);

/** "service_agent" → "客服专员"; a role the SPA does not know is shown as is. */
export const useRoleLabel = () => {
  const { t } = useTranslation("admin");
  return useCallback((role: string) => (isRoleName(role) ? t(`roleNames.${role}`) : role), [t]);
};
