// Charts as inline SVG, rendered here with ECharts' server-side renderer: the reader needs no
// script to see them. ECharts escapes the text it puts into the SVG.
import * as echarts from 'echarts';

const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
export const COLORS = { migrate: '#2f7ed8', merge: '#43a047', retire: '#9e9e9e', review: '#f4a300', undecided: '#d0d5dd', bad: '#d93025' };

function render(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose(); // a live chart keeps the process alive
  }
}

export interface Slice {
  name: string;
  value: number;
  color: string;
}

export function donut(slices: Slice[], width = 360, height = 240): string {
  return render(
    {
      legend: { orient: 'vertical', right: 4, top: 'middle' },
      series: [
        {
          type: 'pie',
          radius: ['45%', '75%'],
          center: ['35%', '50%'],
          label: { show: false },
          data: slices.filter((s) => s.value > 0).map((s) => ({ name: `${s.name} ${s.value.toLocaleString('en')}`, value: s.value, itemStyle: { color: s.color } })),
        },
      ],
    },
    width,
    height,
  );
}

/** horizontal stacked bars, one per category */
export function stackedBars(categories: string[], series: Slice[][], width = 640, rowHeight = 26): string {
  const height = Math.max(120, 60 + categories.length * rowHeight);
  const names = series[0]?.map((s) => s.name) ?? [];
  return render(
    {
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: categories, inverse: true },
      series: names.map((n, i) => ({
        type: 'bar',
        stack: 'all',
        name: n,
        itemStyle: { color: series[0]![i]!.color },
        data: series.map((row) => row[i]!.value),
      })),
    },
    width,
    height,
  );
}

/** one bar per item, values in percent */
export function percentBars(items: Array<{ name: string; value: number }>, width = 420, height = 200): string {
  return render(
    {
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: items.map((i) => i.name), inverse: true },
      series: [{ type: 'bar', data: items.map((i) => Math.round(i.value * 100)), itemStyle: { color: COLORS.migrate }, label: { show: true, position: 'right', formatter: '{c}%' } }],
    },
    width,
    height,
  );
}

/** days to shutdown per app: red when overdue or at risk */
export function daysBars(items: Array<{ name: string; days: number; bad: boolean }>, width = 640, rowHeight = 22): string {
  const height = Math.max(120, 40 + items.length * rowHeight);
  return render(
    {
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: items.map((i) => i.name), inverse: true },
      series: [
        {
          type: 'bar',
          data: items.map((i) => ({ value: i.days, itemStyle: { color: i.bad ? COLORS.bad : COLORS.merge } })),
          label: { show: true, position: 'right' },
        },
      ],
    },
    width,
    height,
  );
}
