import { type ComponentType, lazy, type LazyExoticComponent } from 'react';
import type { Role } from '../api/types';
import type { en } from '../i18n/en';

/**
 * THE route table: every page of the app, who may open it, and whether it is in the menu.
 * A page is one file under pages/, loaded when first opened (its own chunk), so the first
 * load carries only the shell. Opening a page one's role is not listed for shows "not allowed"
 * (the API refuses it anyway; this is for people, not for security).
 */
export interface AppRoute {
  /** wouter pattern: `/team/:payee` */
  readonly path: string;
  readonly roles: readonly Role[];
  readonly page: LazyExoticComponent<ComponentType>;
  /** In the menu, under this label. */
  readonly nav?: keyof typeof en.nav;
}

export const ROUTES: readonly AppRoute[] = [
  // Reps (and managers, who have pay of their own)
  { path: '/me', roles: ['rep', 'manager'], page: lazy(() => import('../pages/rep/HomePage')), nav: 'home' },
  { path: '/statement', roles: ['rep', 'manager'], page: lazy(() => import('../pages/rep/StatementPage')), nav: 'statement' },
  { path: '/disputes', roles: ['rep', 'manager'], page: lazy(() => import('../pages/rep/DisputesPage')), nav: 'disputes' },
  // Managers
  { path: '/team', roles: ['manager'], page: lazy(() => import('../pages/manager/TeamPage')), nav: 'team' },
  { path: '/team/:payee', roles: ['manager'], page: lazy(() => import('../pages/manager/RepStatementPage')) },
  // Finance
  { path: '/plans', roles: ['finance'], page: lazy(() => import('../pages/finance/PlansPage')), nav: 'plans' },
  { path: '/plans/:id', roles: ['finance'], page: lazy(() => import('../pages/finance/PlanEditorPage')) },
  { path: '/quotas', roles: ['finance'], page: lazy(() => import('../pages/finance/QuotasPage')), nav: 'quotas' },
  { path: '/imports', roles: ['finance'], page: lazy(() => import('../pages/finance/ImportsPage')), nav: 'imports' },
  { path: '/workspace', roles: ['finance'], page: lazy(() => import('../pages/finance/WorkspacePage')), nav: 'workspace' },
  { path: '/runs', roles: ['finance'], page: lazy(() => import('../pages/finance/RunsPage')), nav: 'runs' },
  { path: '/runs/:id', roles: ['finance'], page: lazy(() => import('../pages/finance/RunPage')) },
  { path: '/disputes/queue', roles: ['finance'], page: lazy(() => import('../pages/finance/DisputesQueuePage')), nav: 'disputes' },
  { path: '/disputes/queue/:id', roles: ['finance'], page: lazy(() => import('../pages/finance/DisputePage')) },
  // Administration
  { path: '/admin/users', roles: ['admin'], page: lazy(() => import('../pages/admin/UsersPage')), nav: 'users' },
  { path: '/admin/tokens', roles: ['admin'], page: lazy(() => import('../pages/admin/TokensPage')), nav: 'tokens' },
  { path: '/admin/settings', roles: ['admin'], page: lazy(() => import('../pages/admin/SettingsPage')), nav: 'settings' },
  // Finance and administration
  { path: '/audit', roles: ['finance', 'admin'], page: lazy(() => import('../pages/finance/AuditPage')), nav: 'audit' },
];

/** Where each role lands after signing in, and from `/`. */
export const HOME: Readonly<Record<Role, string>> = { rep: '/me', manager: '/team', finance: '/runs', admin: '/admin/users' };
