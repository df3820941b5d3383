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

/** The route table. Signed-in routes sit under SignedInShell (auth guard + layout). */
export const AppRoutes = () => (
  <ErrorBoundary fallback={<CrashResult />}>
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<SignedInShell />}>
          <Route index element={<HomePage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  </ErrorBoundary>
);
