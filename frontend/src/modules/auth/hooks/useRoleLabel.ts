import { useCallback } from "react";
import { useTranslation } from "react-i18next";

import { isRoleName } from "../utils/roleNames";

/**
 * The one way a role is shown to people: "service_agent" → "客服专员" / "Service agent". A role the SPA does not
 * know (one an administrator made) is shown as it is named.
 */
export const useRoleLabel = () => {
  const { t } = useTranslation();
  return useCallback((role: string) => (isRoleName(role) ? t(`roles.${role}`) : role), [t]);
};
