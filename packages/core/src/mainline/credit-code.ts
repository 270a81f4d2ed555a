/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18
 * characters from 0-9 and the capital letters other than I, O, Z, S, V;
 * the last is a check character over the first 17 (weights 3^i mod 31).
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function isValidCreditCode(code: string): boolean {
  if (typeof code !== 'string' || !/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  const sum = WEIGHTS.reduce((s, w, i) => s + ALPHABET.indexOf(code[i]!) * w, 0);
  return ALPHABET[(31 - (sum % 31)) % 31] === code[17];
}

/** The check character for a 17-character prefix (for test data and demo data). */
export function creditCodeCheck(prefix17: string): string {
  const sum = WEIGHTS.reduce((s, w, i) => s + ALPHABET.indexOf(prefix17[i]!) * w, 0);
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}
