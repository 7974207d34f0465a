/**
 * A small Apache ECharts wrapper: one chart per element, options replaced on
 * change, resized with its box, disposed on unmount; `onClick` gets the
 * clicked item's series and data index. Only the bar and line charts and the
 * components the console uses are registered (tree-shaken build).
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
}

export function EChart({
  option,
  height = 280,
  testId,
  label,
  onClick,
}: {
  option: EChartsCoreOption;
  height?: number;
  testId?: string;
  label: string;
  onClick?: (item: ChartClick) => void;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>(undefined);

  useEffect(() => {
    if (!element.current) return undefined;
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onClick) return undefined;
    const handler = (params: { seriesIndex?: number; dataIndex?: number }) =>
      onClick({ seriesIndex: params.seriesIndex ?? 0, dataIndex: params.dataIndex ?? 0 });
    instance.on('click', handler);
    return () => {
      instance.off('click', handler);
    };
  }, [onClick]);

  return <div ref={element} data-testid={testId} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
