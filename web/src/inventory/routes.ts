import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { titled } from '../app/page-title.js';
import { validateResourcesSearch } from './resources-search.js';

/** The inventory's pages: the resource list, one resource, the sites. */
export function inventoryRoutes<P extends AnyRoute>(getParentRoute: () => P) {
  return [
    createRoute({
      getParentRoute,
      path: '/resources',
      head: titled('Resources'),
      validateSearch: validateResourcesSearch,
      component: lazyRouteComponent(() => import('./resources-page.js'), 'ResourcesPage'),
    }),
    createRoute({
      getParentRoute,
      path: '/resources/$id',
      head: titled('Resource'),
      component: lazyRouteComponent(() => import('./resource-page.js'), 'ResourcePage'),
    }),
    createRoute({
      getParentRoute,
      path: '/sites',
      head: titled('Sites'),
      component: lazyRouteComponent(() => import('./sites-page.js'), 'SitesPage'),
    }),
  ] as const;
}
