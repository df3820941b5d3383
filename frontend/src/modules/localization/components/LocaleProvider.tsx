import { ConfigProvider } from "antd";
import dayjs from "dayjs";
import type { i18n } from "i18next";
import { useEffect, useState, type ReactNode } from "react";
import { I18nextProvider } from "react-i18next";

import { DEFAULT_LANGUAGE, isLanguage, type Language } from "../../../i18n/languages";
import { usePrefersReducedMotion } from "../../ui/hooks/usePrefersReducedMotion";
import { LANGUAGE_LOCALES } from "../constants/languageLocales";

type LocaleProviderProps = {
  i18n: i18n;
  children: ReactNode;
};

/** Ant Design's theme without animations (dialogs, dropdowns and messages appear and leave at once). */
const NO_MOTION = { token: { motion: false } };

const currentLanguage = (instance: i18n): Language =>
  isLanguage(instance.language) ? instance.language : DEFAULT_LANGUAGE;

/** Keeps i18next, Ant Design, dayjs and the document's lang/title on one language; Ant Design's animations are off
 * for those who asked their system for less motion. */
export const LocaleProvider = ({ i18n: instance, children }: LocaleProviderProps) => {
  const [language, setLanguage] = useState<Language>(() => currentLanguage(instance));
  const reducedMotion = usePrefersReducedMotion();

  useEffect(() => {
    const onLanguageChanged = () => setLanguage(currentLanguage(instance));
    instance.on("languageChanged", onLanguageChanged);
    onLanguageChanged();
    return () => instance.off("languageChanged", onLanguageChanged);
  }, [instance]);

  const locale = LANGUAGE_LOCALES[language];
  dayjs.locale(locale.dayjs);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = instance.t("app.title");
  }, [instance, language]);

  return (
    <I18nextProvider i18n={instance}>
      <ConfigProvider locale={locale.antd} theme={reducedMotion ? NO_MOTION : undefined}>
        {children}
      </ConfigProvider>
    </I18nextProvider>
  );
};
