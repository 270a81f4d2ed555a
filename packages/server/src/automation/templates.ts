/**
 * `{{field}}` in subjects, bodies and messages becomes the record's value
 * (a currency as "1200.50 CNY"); unknown fields become empty.
 */
export function fillTemplate(template: string, record: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([A-Za-z][A-Za-z0-9.]{0,80})\s*\}\}/g, (_, name: string) => show(record[name]));
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && v !== null && 'amount' in v) return `${String((v as { amount: unknown }).amount)} ${String((v as { currency?: unknown }).currency ?? '')}`.trim();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
