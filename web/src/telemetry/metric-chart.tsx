import { Box, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  /** [seconds since the epoch, value] */
  points: readonly (readonly [number, number])[];
}

const COLOURS = [
  '#1c7ed6',
  '#e8590c',
  '#2f9e44',
  '#ae3ec9',
  '#f08c00',
  '#0c8599',
  '#e03131',
  '#5c940d',
];

/**
 * uPlot wants one x axis shared by every line: the union of all timestamps, each line null where
 * it has no point, so a gap in polling shows as a gap, not as a straight line across it.
 */
export function alignSeries(series: readonly ChartSeries[]): uPlot.AlignedData {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort(
    (a, b) => a - b,
  );
  const index = new Map(times.map((t, i) => [t, i]));
  const lines = series.map((s) => {
    const values: (number | null)[] = new Array(times.length).fill(null);
    for (const [t, v] of s.points) values[index.get(t) as number] = v;
    return values;
  });
  return [times, ...lines] as uPlot.AlignedData;
}

/** A time-series chart (uPlot) that follows its container's width. */
export function MetricChart({
  series,
  height = 220,
}: {
  series: readonly ChartSeries[];
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || series.length === 0) return;
    const options: uPlot.Options = {
      width: Math.max(300, element.clientWidth),
      height,
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: COLOURS[i % COLOURS.length],
          width: 1.5,
          spanGaps: false,
        })),
      ],
      // One poll so far gives one timestamp, and uPlot would stretch that instant over years:
      // show the few minutes around it instead.
      scales: {
        x: {
          time: true,
          range: (_u, min, max) => (min === max ? [min - 300, max + 60] : [min, max]),
        },
      },
      axes: [{}, { size: 70 }],
      legend: { live: true },
    };
    const chart = new uPlot(options, alignSeries(series), element);
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(300, element.clientWidth), height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [series, height]);
  if (series.every((s) => s.points.length === 0)) {
    return (
      <Text c="dimmed" size="sm">
        No data in this range.
      </Text>
    );
  }
  return <Box ref={box} data-testid="metric-chart" />;
}
