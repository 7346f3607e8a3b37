import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { titled } from '../app/page-title.js';

/** The telemetry plugins page. */
export function pluginRoutes<P extends AnyRoute>(getParentRoute: () => P) {
  return [
    createRoute({
      getParentRoute,
      path: '/plugins',
      head: titled('Plugins'),
      component: lazyRouteComponent(() => import('./plugins-page.js'), 'PluginsPage'),
    }),
  ] as const;
}
