import { type ComponentType, lazy as lazyDefault, Suspense } from "react";
import { Route, Routes } from "react-router";

import { CrashResult } from "../../ui/components/CrashResult";
import { ErrorBoundary } from "../../ui/components/ErrorBoundary";
import { PageLoading } from "../../ui/components/PageLoading";

/** A lazily loaded page: the export `name` of the module `load` imports (one chunk per route). */
const lazy = <Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name) =>
  lazyDefault(() => load().then((module) => ({ default: module[name] })));

// Each route is its own chunk: /login downloads neither the shell nor other pages.
const LoginPage = lazy(() => import("../../../pages/login/LoginPage"), "LoginPage");
const SignedInShell = lazy(() => import("../../navigation/components/SignedInShell"), "SignedInShell");
const HomePage = lazy(() => import("../../../pages/home/HomePage"), "HomePage");
const NotFoundPage = lazy(() => import("../../../pages/not-found/NotFoundPage"), "NotFoundPage");
const CustomersPage = lazy(() => import("../../../pages/customers/CustomersPage"), "CustomersPage");
const CustomerPage = lazy(() => import("../../../pages/customer/CustomerPage"), "CustomerPage");
const PipelinePage = lazy(() => import("../../../pages/pipeline/PipelinePage"), "PipelinePage");
const OpportunitiesPage = lazy(() => import("../../../pages/opportunities/OpportunitiesPage"), "OpportunitiesPage");
const OpportunityPage = lazy(() => import("../../../pages/opportunity/OpportunityPage"), "OpportunityPage");
const ApprovalsPage = lazy(() => import("../../../pages/approvals/ApprovalsPage"), "ApprovalsPage");
const LeadsPage = lazy(() => import("../../../pages/leads/LeadsPage"), "LeadsPage");
const PoolPage = lazy(() => import("../../../pages/pool/PoolPage"), "PoolPage");
const ServiceConsolePage = lazy(() => import("../../../pages/service/ServiceConsolePage"), "ServiceConsolePage");
const TicketPage = lazy(() => import("../../../pages/ticket/TicketPage"), "TicketPage");
const PortalPage = lazy(() => import("../../../pages/portal/PortalPage"), "PortalPage");
const SurveyPage = lazy(() => import("../../../pages/survey/SurveyPage"), "SurveyPage");
const DashboardsPage = lazy(() => import("../../../pages/dashboards/DashboardsPage"), "DashboardsPage");
const KnowledgeBasePage = lazy(() => import("../../../pages/kb/KnowledgeBasePage"), "KnowledgeBasePage");
const NotificationsPage = lazy(() => import("../../../pages/notifications/NotificationsPage"), "NotificationsPage");
const CustomersImportPage = lazy(
  () => import("../../../pages/customers-import/CustomersImportPage"),
  "CustomersImportPage",
);
const MyExportsPage = lazy(() => import("../../../pages/my-exports/MyExportsPage"), "MyExportsPage");
const JourneysPage = lazy(() => import("../../../pages/marketing-journeys/lazyJourneyPages"), "JourneysPage");
const JourneyEditorPage = lazy(
  () => import("../../../pages/marketing-journeys/lazyJourneyEditorPage"),
  "JourneyEditorPage",
);
const MarketingDashboardPage = lazy(
  () => import("../../../pages/marketing-dashboard/lazyMarketingDashboardPage"),
  "MarketingDashboardPage",
);
const PredictionModelsPage = lazy(
  () => import("../../../pages/prediction-models/lazyPredictionModelsPage"),
  "PredictionModelsPage",
);
// A view of the customers, in the customers page's chunk (see there).
const CustomersAtRiskPage = lazy(() => import("../../../pages/customers/CustomersAtRiskPage"), "CustomersAtRiskPage");
const AdminPage = lazy(() => import("../../../pages/admin/AdminPage"), "AdminPage");
// The marketing workspace (segments, campaigns, consent): one chunk with its own routes and lazily loaded strings.
const MarketingPage = lazy(() => import("../../../pages/marketing/MarketingPage"), "MarketingPage");

/** The route table. Signed-in routes sit under SignedInShell (auth guard + layout); /survey needs no sign-in. */
export const AppRoutes = () => (
  <ErrorBoundary fallback={<CrashResult />}>
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/survey/:token" element={<SurveyPage />} />
        <Route element={<SignedInShell />}>
          <Route index element={<HomePage />} />
          <Route path="/customers" element={<CustomersPage />} />
          <Route path="/customers/import" element={<CustomersImportPage />} />
          <Route path="/customers/at-risk" element={<CustomersAtRiskPage />} />
          <Route path="/customers/:id" element={<CustomerPage />} />
          <Route path="/pipeline" element={<PipelinePage />} />
          <Route path="/opportunities" element={<OpportunitiesPage />} />
          <Route path="/opportunities/:id" element={<OpportunityPage />} />
          <Route path="/approvals" element={<ApprovalsPage />} />
          <Route path="/leads" element={<LeadsPage />} />
          <Route path="/pool" element={<PoolPage />} />
          <Route path="/service" element={<ServiceConsolePage />} />
          <Route path="/service/tickets/:id" element={<TicketPage />} />
          <Route path="/portal/*" element={<PortalPage />} />
          <Route path="/dashboards" element={<DashboardsPage />} />
          <Route path="/prediction-models" element={<PredictionModelsPage />} />
          <Route path="/kb" element={<KnowledgeBasePage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="/my-exports" element={<MyExportsPage />} />
          <Route path="/marketing/journeys" element={<JourneysPage />} />
          <Route path="/marketing/journeys/:id" element={<JourneyEditorPage />} />
          <Route path="/marketing/dashboard" element={<MarketingDashboardPage />} />
          <Route path="/admin/*" element={<AdminPage />} />
          <Route path="/marketing/*" element={<MarketingPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  </ErrorBoundary>
);
