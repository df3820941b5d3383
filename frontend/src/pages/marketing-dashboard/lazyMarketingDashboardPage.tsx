import { lazy } from "react";

// See ../marketing-journeys/lazyJourneyPages.tsx: kept out of the route table's preload lists (the main bundle's budget).
const Page = lazy(() => import("./MarketingDashboardPage").then((m) => ({ default: m.MarketingDashboardPage })));

/** The page, loaded on first use (a lazy component must resolve to a component, not to another lazy one). */
export const MarketingDashboardPage = () => <Page />;
