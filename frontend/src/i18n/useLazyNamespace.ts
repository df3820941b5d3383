import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import type { Language } from "./languages";

type Bundle = Record<string, unknown>;
type Loader = () => Promise<Record<Language, Bundle>>;

const loaded = new Map<string, Promise<void>>();

/**
 * Loads a namespace that is not in the main bundle (`createI18n`'s static imports) the first time a page needs it,
 * for both languages at once: `ready` turns true once `i18n.addResourceBundle` has run. Keeps the sign-in page's
 * JavaScript under its budget while feature areas such as marketing carry their own strings.
 */
export const useLazyNamespace = (namespace: string, load: Loader): boolean => {
  const { i18n } = useTranslation();
  const present = () => i18n.hasResourceBundle(i18n.language, namespace);
  const [ready, setReady] = useState(present);
  useEffect(() => {
    if (present()) {
      setReady(true);
      return;
    }
    let active = true;
    const key = `${namespace}`;
    const pending =
      loaded.get(key) ??
      load().then((bundles) => {
        for (const [language, bundle] of Object.entries(bundles)) {
          i18n.addResourceBundle(language, namespace, bundle, true, true);
        }
      });
    loaded.set(key, pending);
    void pending.then(() => {
      if (active) setReady(true);
    });
    return () => {
      active = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [i18n, namespace]);
  return ready;
};
