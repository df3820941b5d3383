import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";

import { CrashResult } from "../../ui/components/CrashResult";
import { ErrorBoundary } from "../../ui/components/ErrorBoundary";
import { PageLoading } from "../../ui/components/PageLoading";

// Each route is its own chunk: /login downloads neither the shell nor other pages.
const LoginPage = lazy(() => import("../../../pages/login/LoginPage").then((m) => ({ default: m.LoginPage })));
const SignedInShell = lazy(() =>
  import("../../navigation/components/SignedInShell").then((m) => ({ default: m.SignedInShell })),
);
const HomePage = lazy(() => import("../../../pages/home/HomePage").then((m) => ({ default: m.HomePage })));
const NotFoundPage = lazy(() =>
  import("../../../pages/not-found/NotFoundPage").then((m) => ({ default: m.NotFoundPage })),
);
const CustomersPage = lazy(() => import("../../../pages/customers/CustomersPage").then((m) => ({ default: m.CustomersPage })));
const CustomerPage = lazy(() => import("../../../pages/customer/CustomerPage").then((m) => ({ default: m.CustomerPage })));
const PipelinePage = lazy(() => import("../../../pages/pipeline/PipelinePage").then((m) => ({ default: m.PipelinePage })));
const OpportunitiesPage = lazy(() =>
  import("../../../pages/opportunities/OpportunitiesPage").then((m) => ({ default: m.OpportunitiesPage })),
);
const OpportunityPage = lazy(() =>
  import("../../../pages/opportunity/OpportunityPage").then((m) => ({ default: m.OpportunityPage })),
);
const ApprovalsPage = lazy(() => import("../../../pages/approvals/ApprovalsPage").then((m) => ({ default: m.ApprovalsPage })));
const LeadsPage = lazy(() => import("../../../pages/leads/LeadsPage").then((m) => ({ default: m.LeadsPage })));
const PoolPage = lazy(() => import("../../../pages/pool/PoolPage").then((m) => ({ default: m.PoolPage })));
const ServiceConsolePage = lazy(() => import("../../../pages/service/ServiceConsolePage").then((m) => ({ default: m.ServiceConsolePage })));
const TicketPage = lazy(() => import("../../../pages/ticket/TicketPage").then((m) => ({ default: m.TicketPage })));
const PortalPage = lazy(() => import("../../../pages/portal/PortalPage").then((m) => ({ default: m.PortalPage })));
const SurveyPage = lazy(() => import("../../../pages/survey/SurveyPage").then((m) => ({ default: m.SurveyPage })));
const DashboardsPage = lazy(() => import("../../../pages/dashboards/DashboardsPage").then((m) => ({ default: m.DashboardsPage })));
const KnowledgeBasePage = lazy(() => import("../../../pages/kb/KnowledgeBasePage").then((m) => ({ default: m.KnowledgeBasePage })));
const NotificationsPage = lazy(() =>
  import("../../../pages/notifications/NotificationsPage").then((m) => ({ default: m.NotificationsPage })),
);
const CustomersImportPage = lazy(() =>
  import("../../../pages/customers-import/CustomersImportPage").then((m) => ({ default: m.CustomersImportPage })),
);
const MyExportsPage = lazy(() => import("../../../pages/my-exports/MyExportsPage").then((m) => ({ default: m.MyExportsPage })));
const JourneysPage = lazy(() =>
  import("../../../pages/marketing-journeys/lazyJourneyPages").then((m) => ({ default: m.JourneysPage })),
);
const JourneyEditorPage = lazy(() =>
  import("../../../pages/marketing-journeys/lazyJourneyEditorPage").then((m) => ({ default: m.JourneyEditorPage })),
);
const MarketingDashboardPage = lazy(() =>
  import("../../../pages/marketing-dashboard/lazyMarketingDashboardPage").then((m) => ({ default: m.MarketingDashboardPage })),
);
const AdminPage = lazy(() => import("../../../pages/admin/AdminPage").then((m) => ({ default: m.AdminPage })));

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
          <Route path="/kb" element={<KnowledgeBasePage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="/my-exports" element={<MyExportsPage />} />
          <Route path="/marketing/journeys" element={<JourneysPage />} />
          <Route path="/marketing/journeys/:id" element={<JourneyEditorPage />} />
          <Route path="/marketing/dashboard" element={<MarketingDashboardPage />} />
          <Route path="/admin/*" element={<AdminPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  </ErrorBoundary>
);
