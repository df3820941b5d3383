/** The marketing pages' strings, loaded with the first marketing page (not part of the main bundle). */
export const loadMarketingNamespace = async () => {
  const [zh, en] = await Promise.all([import("./locales/zh-CN/marketing.json"), import("./locales/en/marketing.json")]);
  return { "zh-CN": zh.default, en: en.default };
};
