import { useEffect, useState, type UIEvent } from 'react';

/** Width given to a column that names none, so a virtual table (which needs a number) can add them up. */
const DEFAULT_COLUMN_WIDTH = 160;
const SELECTION_COLUMN_WIDTH = 48;
/** Start fetching the next page this far (in pixels) before the last loaded row comes into view. */
const PREFETCH_DISTANCE = 800;

/** A virtual table's scroll width: the sum of its columns' widths. */
export function tableWidth(columns: { width?: number | string }[], selectable: boolean): number {
  return columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : DEFAULT_COLUMN_WIDTH), selectable ? SELECTION_COLUMN_WIDTH : 0);
}

/**
 * Height for a table body that fills the window below `node` (a virtual
 * table scrolls inside a fixed height), leaving `reserve` pixels for the
 * header row and footer; at least `min` so a short phone screen still shows rows.
 */
export function useFillHeight(node: HTMLElement | null, reserve: number, min = 320): number {
  const [height, setHeight] = useState(min);
  useEffect(() => {
    if (!node) return;
    const measure = () => setHeight(Math.max(min, Math.floor(window.innerHeight - node.getBoundingClientRect().top - reserve)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [node, reserve, min]);
  return height;
}

/** A table onScroll handler that asks for the next keyset page as the user nears the last loaded row. */
export function loadMoreOnScroll(list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }) {
  return (event: UIEvent<HTMLDivElement>) => {
    const el = event.currentTarget as HTMLElement | null;
    if (!el || !list.hasNextPage || list.isFetchingNextPage) return;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < PREFETCH_DISTANCE) void list.fetchNextPage();
  };
}
