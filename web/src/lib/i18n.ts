import zhCN from "../locales/zh-CN.json";

// Every user-facing string lives in a locale file; Simplified Chinese is the default and only locale
// shipped. An English file with the same keys can be added and chosen here without touching pages.
type Messages = typeof zhCN;
const messages: Messages = zhCN;

/** Looks up "section.key" and fills {placeholders}; a missing key shows the key so it is noticed, never an empty string. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
  const text = typeof value === "string" ? value : key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
