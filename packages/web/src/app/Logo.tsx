/** The product mark: a line rising through the stages of the customer lifecycle. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="ml-logo">
      <rect width="32" height="32" rx="7" fill="#2f54eb" />
      <path d="M7 22V10l5 7 4-5 4 5 5-7v12" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
