import { useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';

const PRODUCT = 'Argus';

/**
 * The browser tab's text, most specific first so a row of tabs stays telling:
 * `pageTitle('checkout-service', 'Components')` -> "checkout-service · Components · Argus".
 */
export function pageTitle(...parts: (string | undefined)[]): string {
  return [...parts.filter((p): p is string => Boolean(p)), PRODUCT].join(' · ');
}

/** A route's `head`: the title of its page (route params fill in the entity's name). */
export const titled =
  (...parts: (string | undefined)[]) =>
  () => ({ meta: [{ title: pageTitle(...parts) }] });

/**
 * Keeps document.title on the deepest matched route's title. The routes declare theirs in
 * `head` (the router computes it with the params); this writes it, since the app renders no
 * <head> of its own.
 */
export function useDocumentTitle(): void {
  const title = useRouterState({
    select: (s) => {
      for (const match of [...s.matches].reverse()) {
        const found = match.meta?.find((m) => m?.title)?.title;
        if (found) return found;
      }
      return PRODUCT;
    },
  });
  useEffect(() => {
    document.title = title;
  }, [title]);
}
