import { Navigate } from "react-router";

import { usePermissions } from "../../modules/permissions/hooks/usePermissions";

/** /marketing: the first section of the marketing workspace the viewer may open. */
export const MarketingPage = () => {
  const permissions = usePermissions();
  const to = permissions.canQuery("segments")
    ? "/marketing/segments"
    : permissions.canQuery("campaigns")
      ? "/marketing/campaigns"
      : "/marketing/consent";
  return <Navigate to={to} replace />;
};
