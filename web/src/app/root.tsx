import { Outlet } from '@tanstack/react-router';
import { useDocumentTitle } from './page-title.js';

/** Above every page, logged in or not: keeps the tab title on the page shown. */
export function Root() {
  useDocumentTitle();
  return <Outlet />;
}
