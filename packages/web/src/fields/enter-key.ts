import type { KeyboardEvent } from 'react';

/** Enter in a select or date picker picks a value there; it must not also submit or save what holds it. */
export const picksOnEnter = (e: KeyboardEvent): boolean => e.key === 'Enter' && Boolean((e.target as HTMLElement).closest('.ant-select, .ant-picker'));
