import { lazy } from "react";

// See ../marketing-journeys/lazyJourneyPages.tsx: kept out of the route table's preload lists (the main bundle's budget).
export const MarketingDashboardPage = lazy(() =>
  import("./MarketingDashboardPage").then((m) => ({ default: m.MarketingDashboardPage })),
);
