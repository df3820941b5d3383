import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";

import { PageLoading } from "../../ui/components/PageLoading";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { CurrentViewerContext } from "../contexts/CurrentViewerContext";
import { useViewerQuery } from "../hooks/useViewerQuery";
import { loginPathFor } from "../utils/safeNextPath";

type RequireViewerProps = {
  children: ReactNode;
};

/** Auth guard: renders its children for a signed-in viewer, else sends the user to /login?next=<here>. */
export const RequireViewer = ({ children }: RequireViewerProps) => {
  const location = useLocation();
  const [{ data, error }, reexecute] = useViewerQuery();

  if (!data) {
    if (error) {
      return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
    }
    return <PageLoading />;
  }
  if (!data.viewer) {
    return <Navigate to={loginPathFor(`${location.pathname}${location.search}${location.hash}`)} replace />;
  }
  return <CurrentViewerContext value={data.viewer}>{children}</CurrentViewerContext>;
};
