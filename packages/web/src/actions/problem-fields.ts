import type { FormInstance } from 'antd';
import { ProblemError, type FieldProblem } from '../api/http.ts';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A problem's message without the field path the server puts before it (`options: …`): the input beside it says which. */
export const plainMessage = (e: FieldProblem): string => e.message.replace(new RegExp(`^${escape(e.field)}\\s*[:：]\\s*`), '');

/**
 * Puts the server's field problems beside the inputs they name (`options[1].option`
 * belongs to `options`) and answers the messages no input took.
 */
export function showProblems(form: FormInstance | undefined, error: unknown, inputs: string[], fallback: string): string[] {
  if (!(error instanceof ProblemError)) return [fallback];
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const e of error.problem.errors ?? []) {
    const name = e.field.split(/[.[]/)[0]!;
    if (form && inputs.includes(name)) byField.set(name, [...(byField.get(name) ?? []), plainMessage(e)]);
    else rest.push(plainMessage(e));
  }
  form?.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  if (byField.size === 0 && rest.length === 0) rest.push(error.problem.detail ?? error.problem.title);
  return rest;
}

/** The messages of the problems on one body key (and its items), e.g. every `options…` problem. */
export function problemsOn(error: unknown, key: string): string[] {
  if (!(error instanceof ProblemError)) return [];
  return (error.problem.errors ?? []).filter((e) => e.field === key || e.field.startsWith(`${key}[`) || e.field.startsWith(`${key}.`)).map(plainMessage);
}
