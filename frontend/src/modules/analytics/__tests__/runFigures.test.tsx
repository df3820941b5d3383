import { renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";

import { createI18n } from "../../../i18n/createI18n";
import type { Language } from "../../../i18n/languages";
import { useFormatters } from "../../format/hooks/useFormatters";
import { runFigures } from "../utils/runFigures";
import { PROMOTED, REJECTED, SMALL_DATA } from "./runFixtures";

const formatters = (language: Language) => {
  const i18n = createI18n(language);
  const wrapper = ({ children }: { children: ReactNode }) => <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
  return renderHook(() => useFormatters(), { wrapper }).result.current;
};

describe("runFigures", () => {
  it("writes the measures for the reader's locale", () => {
    const figures = runFigures(PROMOTED, formatters("en"));
    expect(figures).toMatchObject({
      auc: "0.862",
      baselineAuc: "0.741",
      aucShare: "86%",
      baselineAucShare: "74%",
      aucKnown: true,
      aucMargin: "+0.121",
      precision: "62%",
      rate: "30%",
      lift: "2.1",
      precisionKnown: true,
      brier: "0.120",
      baselineBrier: "0.160",
      brierDirection: "lower",
      brierChange: "25%",
      calibrationError: "2%",
      seconds: "1.3",
    });
  });

  it("says when the model does worse than its baseline", () => {
    const figures = runFigures(REJECTED, formatters("zh-CN"));
    expect(figures.brierDirection).toBe("higher");
    expect(figures.brierChange).toBe("6%");
    expect(figures.aucMargin).toBe("+0.010");
  });

  it("leaves unknown measures as a dash (a run on priors measures nothing)", () => {
    const figures = runFigures(SMALL_DATA, formatters("zh-CN"));
    expect(figures).toMatchObject({ auc: "—", aucKnown: false, precision: "—", precisionKnown: false, brierDirection: null });
    expect(figures.aucMargin).toBe("—");
  });
});
