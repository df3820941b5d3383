import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { SUPPORTED_LANGUAGES } from "./languages";

/** The journeys' and marketing dashboard's strings: not in the main bundle (its size budget), loaded with the page. */
export const MARKETING_FLOWS_NS = "marketingFlows";

const LOADERS = {
  "zh-CN": () => import("./locales/zh-CN/marketingFlows.json"),
  en: () => import("./locales/en/marketingFlows.json"),
} as const;

/** Loads the `marketingFlows` namespace into the app's i18next (both languages); true once it is there. */
export const useMarketingFlowsStrings = (): boolean => {
  const { i18n } = useTranslation();
  const [ready, setReady] = useState(() =>
    SUPPORTED_LANGUAGES.every((language) => i18n.hasResourceBundle(language, MARKETING_FLOWS_NS)),
  );
  useEffect(() => {
    if (ready) return undefined;
    let live = true;
    void Promise.all(
      SUPPORTED_LANGUAGES.map(async (language) => {
        const strings = await LOADERS[language]();
        i18n.addResourceBundle(language, MARKETING_FLOWS_NS, strings.default, true, true);
      }),
    ).then(() => {
      if (live) setReady(true);
    });
    return () => {
      live = false;
    };
  }, [i18n, ready]);
  return ready;
};
