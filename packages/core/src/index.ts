export * from './metadata/types.ts';
export * from './metadata/field-values.ts';
export * from './errors/messages.ts';
export * from './errors/domain-error.ts';
export * from './query/sql.ts';
