export * from './money.ts';
export * from './pricing.ts';
export * from './product-configuration.ts';
export * from './loyalty.ts';
export * from './customer-value.ts';
export * from './credit-code.ts';
