import type { LocalizedText } from '../metadata/types.ts';
import type { SortKey } from './list-query.ts';

/**
 * A saved list view as the API returns it to one reader: columns are field
 * paths (`stage`, `account.name`, `account.industry`), the filter is the
 * tree lists take, and fields hidden from the reader are already left out.
 */
export type ListView = {
  id: string;
  object: string;
  /** Text a user typed, or labels per language (standard views). */
  label: string | LocalizedText;
  columns: string[];
  filter: unknown;
  sort: SortKey[];
  /** private: its owner's alone; shared: everyone's who can read the object. */
  visibility: 'private' | 'shared';
  standard: boolean;
  ownerId: string | null;
  /** Whether the reader may change or delete it. */
  editable: boolean;
  /** Its filter names a field the reader cannot see, so it is not applied for them (filter is null). */
  filterWithheld?: boolean;
  updatedAt: string;
};
