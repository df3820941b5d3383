/** Zones offered when the browser cannot list its own (older engines, some test environments). */
export const FALLBACK_TIME_ZONES = [
  "Asia/Shanghai",
  "Asia/Hong_Kong",
  "Asia/Taipei",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Europe/London",
  "Europe/Berlin",
  "America/New_York",
  "America/Los_Angeles",
  "Australia/Sydney",
  "UTC",
] as const;

type SupportedValuesOf = (key: "timeZone") => string[];

/** The IANA zone names the browser knows, with UTC; the short built-in list when it cannot say. */
export const timeZoneNames = (intl: { supportedValuesOf?: SupportedValuesOf } = Intl): string[] => {
  try {
    const names = intl.supportedValuesOf?.("timeZone") ?? [];
    if (names.length > 0) return names.includes("UTC") ? names : [...names, "UTC"];
  } catch {
    // An engine without the list: the short one below.
  }
  return [...FALLBACK_TIME_ZONES];
};

/** A zone's offset from UTC at `at`, as "UTC+08:00"; null when the engine does not know the zone. */
export const utcOffset = (zone: string, at: Date): string | null => {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value;
    if (!part) return null;
    const offset = part.replace(/^GMT/, "");
    return `UTC${offset || "+00:00"}`;
  } catch {
    return null;
  }
};

/**
 * A zone as people of `locale` name it ("中欧时间", "Central European Time"); the IANA name when the engine has
 * no name for it. The IANA name is a code, not words of the reader's language.
 */
export const zoneName = (zone: string, locale: string, at: Date = new Date()): string => {
  try {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "longGeneric" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value;
    return name || zone;
  } catch {
    return zone;
  }
};

export type TimeZoneOption = { value: string; label: string };

/**
 * The time zone choices, each labelled with its offset at `at` (now: "Asia/Shanghai (UTC+08:00)"). A zone the
 * contact already has is kept even when the browser does not list it (the server may know more names).
 */
export const timeZoneOptions = (
  current?: string | null,
  { at = new Date(), names = timeZoneNames() }: { at?: Date; names?: readonly string[] } = {},
): TimeZoneOption[] => {
  const all = current && !names.includes(current) ? [current, ...names] : names;
  return all.map((value) => {
    const offset = utcOffset(value, at);
    return { value, label: offset ? `${value} (${offset})` : value };
  });
};

/** Whether an option matches what the person typed: "los angeles", "los_angeles", "+08" all find theirs. */
export const timeZoneMatches = (input: string, option: TimeZoneOption | undefined): boolean => {
  const normalize = (text: string) => text.toLowerCase().replace(/_/g, " ");
  return option ? normalize(option.label).includes(normalize(input.trim())) : false;
};
