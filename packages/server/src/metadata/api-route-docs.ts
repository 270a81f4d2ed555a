import type { Locale, RouteDocs, WorkspaceMetadata } from '@mainline/core';
import type { RouteDocsBuilder } from '../http/route-docs.ts';
import { recordRouteDocs } from '../records/record-routes.ts';
import { searchRouteDocs } from '../search/search-routes.ts';
import { viewRouteDocs } from '../views/view-routes.ts';

/**
 * Every server module that describes its own routes, in the order their
 * paths appear in the document (fixed, so the document is deterministic).
 * buildOpenApi describes the rest (records, metadata, rules, formulas,
 * auth, events, health); a test checks that together they cover every
 * route the app registers.
 */
const BUILDERS: readonly RouteDocsBuilder[] = [recordRouteDocs, searchRouteDocs, viewRouteDocs];

/** The route docs of one caller's document: `metadata` is what the caller may see, so routes that name an object they cannot read are left out. */
export const serverRouteDocs = (locale: Locale, metadata: WorkspaceMetadata): RouteDocs[] => BUILDERS.map((build) => build(locale, metadata));
