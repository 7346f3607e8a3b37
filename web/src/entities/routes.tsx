import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import type { EntityKind } from '../api/entities.js';
import { pageTitle, titled } from '../app/page-title.js';
import { validateEntitiesSearch } from './entities-search.js';
import { KIND_ORDER, KINDS } from './kinds.js';

/** The page of a kind, loaded with the first visit to any of the kinds' pages. */
const listPage = (kind: EntityKind) =>
  lazyRouteComponent(() =>
    import('./entities-page.js').then(({ EntitiesPage }) => ({
      default: () => <EntitiesPage kind={kind} />,
    })),
  );
const entityPage = (kind: EntityKind) =>
  lazyRouteComponent(() =>
    import('./entity-page.js').then(({ EntityPage }) => ({
      default: () => <EntityPage kind={kind} />,
    })),
  );

/**
 * The routes of systems, domains, APIs and resources: a list (`/systems`, with its view in the
 * search params) and a page (`/systems/$namespace/$name`) for each kind.
 */
export function kindRoutes<P extends AnyRoute>(getParentRoute: () => P) {
  return KIND_ORDER.flatMap((kind) => [
    createRoute({
      getParentRoute,
      path: `/${KINDS[kind].path}`,
      head: titled(KINDS[kind].heading),
      validateSearch: validateEntitiesSearch,
      component: listPage(kind),
    }),
    createRoute({
      getParentRoute,
      path: `/${KINDS[kind].path}/$namespace/$name`,
      head: ({ params }: { params: { name?: string } }) => ({
        meta: [{ title: pageTitle(params.name, KINDS[kind].heading) }],
      }),
      component: entityPage(kind),
    }),
  ]);
}
