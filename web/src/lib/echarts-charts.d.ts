// ECharts' chart types by their own paths rather than through the "echarts/charts" barrel: with code
// splitting, a barrel imported by two chart chunks drags every chart either of them uses into their
// shared chunk, so the needs map would download the rankings' line chart too. The installers have
// the same types as the barrel's exports.
declare module "echarts/lib/chart/bar/install.js" {
  export const install: typeof import("echarts/charts").BarChart;
}

declare module "echarts/lib/chart/line/install.js" {
  export const install: typeof import("echarts/charts").LineChart;
}
