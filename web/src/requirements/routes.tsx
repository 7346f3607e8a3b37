import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { pageTitle, titled } from '../app/page-title.js';
import { validateDashboardSearch } from './dashboard-search.js';

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;

/**
 * The requirements pages: the sets (`/requirements`), a set's dashboard
 * (`/requirements/sets/$set`), the review queue, the team scorecard and the admin pages. The
 * cards on a component page are mounted by the component page itself.
 */
export function requirementRoutes<P extends AnyRoute>(getParentRoute: () => P) {
  return [
    createRoute({
      getParentRoute,
      path: '/requirements',
      head: titled('Requirements'),
      component: lazyRouteComponent(() => import('./sets-page.js'), 'SetsPage'),
    }),
    createRoute({
      getParentRoute,
      path: '/requirements/sets/$set',
      head: ({ params }: { params: { set?: string } }) => ({
        meta: [{ title: pageTitle(params.set, 'Requirements') }],
      }),
      validateSearch: validateDashboardSearch,
      component: lazyRouteComponent(() => import('./dashboard-page.js'), 'DashboardPage'),
    }),
    createRoute({
      getParentRoute,
      path: '/requirements/queue',
      head: titled('Review queue'),
      validateSearch: (search: Record<string, unknown>): { set?: string } => ({
        set: text(search.set),
      }),
      component: lazyRouteComponent(() => import('./queue-page.js'), 'QueuePage'),
    }),
    createRoute({
      getParentRoute,
      path: '/requirements/scorecard',
      head: titled('Scorecard'),
      validateSearch: (search: Record<string, unknown>): { team?: string } => ({
        team: text(search.team),
      }),
      component: lazyRouteComponent(() => import('./scorecard-page.js'), 'ScorecardPage'),
    }),
    createRoute({
      getParentRoute,
      path: '/requirements/admin',
      head: titled('Manage requirements'),
      validateSearch: (search: Record<string, unknown>): { tab?: string } => ({
        tab: text(search.tab),
      }),
      component: lazyRouteComponent(() => import('./admin-page.js'), 'AdminPage'),
    }),
  ];
}
