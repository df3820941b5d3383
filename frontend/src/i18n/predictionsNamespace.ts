/** The prediction cards' strings (360° page, opportunity page, dashboard widgets), loaded with them. */
export const loadPredictionsNamespace = async () => {
  const [zh, en] = await Promise.all([import("./locales/zh-CN/predictions.json"), import("./locales/en/predictions.json")]);
  return { "zh-CN": zh.default, en: en.default };
};
