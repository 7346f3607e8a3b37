import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
} from '@tanstack/react-router';
import { meQuery } from '../api/auth.js';
import { setUnauthorizedHandler } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import { validateComponentsSearch } from '../catalog/components-search.js';
import { kindRoutes } from '../entities/routes.js';
import { validateGraphSearch } from '../graph/graph-search.js';
import { validateHistorySearch } from '../history/history-search.js';
import { inventoryRoutes } from '../inventory/routes.js';
import { requirementRoutes } from '../requirements/routes.js';
import { pluginRoutes } from '../telemetry/plugins-routes.js';
import { NotFoundPage } from './not-found-page.js';
import { pageTitle, titled } from './page-title.js';
import { queryClient } from './query-client.js';
import { Root } from './root.js';
import { Shell } from './shell.js';

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Root,
  notFoundComponent: NotFoundPage,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  head: titled('Log in'),
  validateSearch: (search: Record<string, unknown>): { redirect?: string } => ({
    redirect: typeof search.redirect === 'string' ? search.redirect : undefined,
  }),
  component: lazyRouteComponent(() => import('./login-page.js'), 'LoginPage'),
});

/** Everything else needs a login: the guard asks /api/auth/me once and caches the answer. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    try {
      await context.queryClient.ensureQueryData(meQuery);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        throw redirect({ to: '/login', search: { redirect: location.href } });
      }
      throw error;
    }
  },
  component: Shell,
});

const page = <T extends Record<string, unknown>>(
  importer: () => Promise<T>,
  name: keyof T & string,
) => lazyRouteComponent(importer, name);

const componentsPage = page(() => import('../catalog/components-page.js'), 'ComponentsPage');

const routes = [
  createRoute({
    getParentRoute: () => appRoute,
    path: '/',
    head: titled('Home'),
    component: page(() => import('../home/home-page.js'), 'HomePage'),
  }),
  createRoute({
    getParentRoute: () => appRoute,
    path: '/components',
    head: titled('Components'),
    validateSearch: validateComponentsSearch,
    component: componentsPage,
  }),
  createRoute({
    getParentRoute: () => appRoute,
    path: '/components/$namespace/$name',
    head: ({ params }) => ({ meta: [{ title: pageTitle(params.name, 'Components') }] }),
    component: page(() => import('../catalog/component-page.js'), 'ComponentPage'),
  }),
  createRoute({
    getParentRoute: () => appRoute,
    path: '/graph',
    head: titled('Dependency graph'),
    validateSearch: validateGraphSearch,
    component: page(() => import('../graph/graph-page.js'), 'GraphPage'),
  }),
  createRoute({
    getParentRoute: () => appRoute,
    path: '/people',
    head: titled('People'),
    component: page(() => import('../people/people-page.js'), 'PeoplePage'),
  }),
  createRoute({
    getParentRoute: () => appRoute,
    path: '/people/$username',
    head: ({ params }) => ({ meta: [{ title: pageTitle(params.username, 'People') }] }),
    component: page(() => import('../people/person-page.js'), 'PersonPage'),
  }),
  createRoute({
    getParentRoute: () => appRoute,
    path: '/teams',
    head: titled('Teams'),
    component: page(() => import('../people/teams-page.js'), 'TeamsPage'),
  }),
  createRoute({
    getParentRoute: () => appRoute,
    path: '/teams/$team',
    head: ({ params }) => ({ meta: [{ title: pageTitle(params.team, 'Teams') }] }),
    component: page(() => import('../people/team-page.js'), 'TeamPage'),
  }),
  createRoute({
    getParentRoute: () => appRoute,
    path: '/reference',
    head: titled('Reference lists'),
    validateSearch: (search: Record<string, unknown>): { list?: string } => ({
      list: typeof search.list === 'string' ? search.list : undefined,
    }),
    component: page(() => import('../catalog/reference-page.js'), 'ReferencePage'),
  }),
  createRoute({
    getParentRoute: () => appRoute,
    path: '/transfer',
    head: titled('Import / Export'),
    component: page(() => import('../transfer/transfer-page.js'), 'TransferPage'),
  }),
  createRoute({
    getParentRoute: () => appRoute,
    path: '/tokens',
    head: titled('API tokens'),
    component: page(() => import('./tokens-page.js'), 'TokensPage'),
  }),
  createRoute({
    getParentRoute: () => appRoute,
    path: '/history',
    head: titled('History'),
    validateSearch: validateHistorySearch,
    component: page(() => import('../history/history-page.js'), 'HistoryPage'),
  }),
  createRoute({
    getParentRoute: () => appRoute,
    path: '/radar',
    head: titled('Tech radar'),
    component: page(() => import('../radar/radar-page.js'), 'RadarPage'),
  }),
  ...kindRoutes(() => appRoute),
  ...requirementRoutes(() => appRoute),
  ...inventoryRoutes(() => appRoute),
  ...pluginRoutes(() => appRoute),
] as const;

const routeTree = rootRoute.addChildren([loginRoute, appRoute.addChildren([...routes])]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: 'intent',
  defaultPendingMs: 300,
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

// A 401 from any call (an expired session) sends the user to log in, then back here.
setUnauthorizedHandler(() => {
  const here = router.state.location;
  if (here.pathname === '/login') return;
  queryClient.removeQueries({ queryKey: meQuery.queryKey });
  void router.navigate({ to: '/login', search: { redirect: here.href } });
});
