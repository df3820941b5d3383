import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { createI18n } from "./i18n/createI18n";
import { browserInitialLanguage } from "./i18n/languages";
import { App } from "./modules/app/components/App";
import { createGraphqlClient } from "./modules/graphql/client/createGraphqlClient";
import "./main.css";

const i18n = createI18n(browserInitialLanguage());
const newGraphqlClient = () => createGraphqlClient({ acceptLanguage: () => i18n.language });

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element to mount the app in.");

createRoot(container).render(
  <StrictMode>
    <App createGraphqlClient={newGraphqlClient} i18n={i18n} />
  </StrictMode>,
);
