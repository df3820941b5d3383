import { useCallback } from "react";
import { useTranslation } from "react-i18next";

import { isKnownStageKey } from "../constants/stageKeys";

type NamedStage = { key: string; name: string };

/** A stage's name in the UI language: seeded stages by key, custom stages as the server names them. */
export const useStageName = (): ((stage: NamedStage | null | undefined) => string) => {
  const { t } = useTranslation("sales");
  return useCallback(
    (stage) => {
      if (!stage) return "—";
      return isKnownStageKey(stage.key) ? t(`stage.${stage.key}`) : stage.name;
    },
    [t],
  );
};
