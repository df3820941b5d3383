import { Navigate, Route, Routes } from "react-router";

import { MarketingFrame } from "../../modules/marketing/common/MarketingFrame";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { CampaignPage } from "./CampaignPage";
import { CampaignsPage } from "./CampaignsPage";
import { ConsentPage } from "./ConsentPage";
import { SegmentPage } from "./SegmentPage";
import { SegmentsPage } from "./SegmentsPage";

/**
 * /marketing/*: the marketing workspace — segments (/segments, /segments/:id), campaigns (/campaigns,
 * /campaigns/:id; "new" creates one) and consent and suppression (/consent). /marketing opens the first section
 * the viewer may open (then the journeys, then the dashboard); a section the viewer may not open sends them there too.
 */
export const MarketingPage = () => {
  const permissions = usePermissions();
  const segments = permissions.canQuery("segments");
  const campaigns = permissions.canQuery("campaigns");
  const consent = permissions.canQuery("suppressions");
  // Viewers who may open none of the workspace's own sections (e.g. analysts with the figures only) go to the
  // journeys, else to the dashboard.
  const first = segments
    ? "segments"
    : campaigns
      ? "campaigns"
      : consent
        ? "consent"
        : permissions.canQuery("journeys")
          ? "journeys"
          : "dashboard";
  const home = <Navigate to={`/marketing/${first}`} replace />;
  return (
    <MarketingFrame>
      <Routes>
        <Route index element={home} />
        <Route path="segments" element={segments ? <SegmentsPage /> : home} />
        <Route path="segments/:id" element={segments ? <SegmentPage /> : home} />
        <Route path="campaigns" element={campaigns ? <CampaignsPage /> : home} />
        <Route path="campaigns/:id" element={campaigns ? <CampaignPage /> : home} />
        <Route path="consent" element={consent ? <ConsentPage /> : home} />
        <Route path="*" element={home} />
      </Routes>
    </MarketingFrame>
  );
};
