import { Converter } from 'opencc-js/t2cn';

/**
 * Search matches across the two scripts: every text is indexed and every
 * query is looked up in its simplified form, so 華東精密 finds 华东精密 and
 * the other way round, whichever script a record was written in. Taiwan's
 * character variants (台/臺, 裡/裏) fold to the same simplified characters.
 */
const toSimplified = Converter({ from: 'tw', to: 'cn' });

/** The text in simplified characters; anything else (Latin, digits, punctuation) as it was. */
export const simplifiedForm = (text: string): string => toSimplified(text);
