import type { Locale, RouteDocs, WorkspaceMetadata } from '@mainline/core';
import type { RouteDocsBuilder } from '../http/route-docs.ts';
import { accessAdminRouteDocs } from '../access/access-admin-routes.ts';
import { userDirectoryRouteDocs } from '../access/user-directory-routes.ts';
import { approvalRouteDocs } from '../approvals/approval-routes.ts';
import { apiKeyRouteDocs } from '../auth/api-key-routes.ts';
import { securityAuditRouteDocs } from '../auth/security-audit-routes.ts';
import { ssoRouteDocs } from '../auth/sso/sso-routes.ts';
import { automationRouteDocs } from '../automation/automation-routes.ts';
import { notificationRouteDocs } from '../notifications/notification-routes.ts';
import { recordRouteDocs } from '../records/record-routes.ts';
import { searchRouteDocs } from '../search/search-routes.ts';
import { viewRouteDocs } from '../views/view-routes.ts';
import { workspaceRouteDocs } from '../workspaces/workspace-routes.ts';
import { metadataRouteDocs } from './metadata-routes.ts';

/**
 * Every server module that describes its own routes, in the order their
 * paths appear in the document (fixed, so the document is deterministic).
 * buildOpenApi describes the rest (records, metadata, rules, formulas,
 * auth, events, health); a test checks that together they cover every
 * route the app registers.
 */
const BUILDERS: readonly RouteDocsBuilder[] = [
  ssoRouteDocs,
  metadataRouteDocs,
  recordRouteDocs,
  searchRouteDocs,
  viewRouteDocs,
  approvalRouteDocs,
  automationRouteDocs,
  notificationRouteDocs,
  userDirectoryRouteDocs,
  accessAdminRouteDocs,
  apiKeyRouteDocs,
  securityAuditRouteDocs,
  workspaceRouteDocs,
];

/** The route docs of one caller's document: `metadata` is what the caller may see, so routes that name an object they cannot read are left out. */
export const serverRouteDocs = (locale: Locale, metadata: WorkspaceMetadata): RouteDocs[] => BUILDERS.map((build) => build(locale, metadata));
