/** The prediction models page's strings, loaded with that page (not part of the main bundle). */
export const loadPredictionModelsNamespace = async () => {
  const [zh, en] = await Promise.all([
    import("./locales/zh-CN/predictionModels.json"),
    import("./locales/en/predictionModels.json"),
  ]);
  return { "zh-CN": zh.default, en: en.default };
};
