import { useMemo } from "react";

import { useCurrentViewer } from "../../auth/hooks/useCurrentViewer";
import { permissionIndex, type PermissionIndex } from "../utils/permissionIndex";

/** The viewer's permissions (only below RequireViewer). */
export const usePermissions = (): PermissionIndex => {
  const viewer = useCurrentViewer();
  return useMemo(() => permissionIndex(viewer.permissions), [viewer.permissions]);
};
