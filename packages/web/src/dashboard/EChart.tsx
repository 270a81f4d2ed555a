import { useEffect, useRef } from 'react';
import { echarts, type EChartsCoreOption } from './echarts-setup.ts';

export type ChartClick = { seriesIndex?: number; dataIndex: number; name: string };

/** One ECharts instance in a div that follows its container's size; `locale` is ECharts' own ('ZH' or 'EN'). */
export function EChart({ option, locale, onClick, height = 300, label }: { option: EChartsCoreOption; locale: 'ZH' | 'EN'; onClick?: (e: ChartClick) => void; height?: number; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const el = box.current!;
    const instance = echarts.init(el, undefined, { renderer: 'canvas', locale });
    chart.current = instance;
    instance.on('click', (e) => click.current?.({ seriesIndex: e.seriesIndex, dataIndex: e.dataIndex, name: String(e.name) }));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [locale]);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, true);
  }, [option, locale]);

  return <div ref={box} className="ml-chart" style={{ height }} role="img" aria-label={label} data-testid="chart" />;
}
