import scalarUrl from '../../.generated/scalar-standalone.js?url';
import { definitionUrl } from './definition-url.js';

interface ScalarGlobal {
  createApiReference(target: string, configuration: Record<string, unknown>): unknown;
}

/**
 * The API reference (/api/docs): Argus's own OpenAPI document, or, with `?url=/api/...`, an
 * API definition kept in the catalog, rendered by Scalar from Argus alone (no CDN, no fonts,
 * no telemetry, no buttons of Scalar's hosted services).
 */
const configuration = {
  url: definitionUrl(location.search),
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  showDeveloperTools: 'never',
  agent: { disabled: true },
  mcp: { disabled: true },
};

// Scalar bundles Zod, which probes whether `new Function` works: the probe is caught, but the
// browser reports it as a CSP violation. Zod reads `jitless` from this global and skips it.
(globalThis as { __zod_globalConfig?: object }).__zod_globalConfig = { jitless: true };

const script = document.createElement('script');
script.src = scalarUrl;
script.addEventListener('load', () => {
  const scalar = (window as { Scalar?: ScalarGlobal }).Scalar;
  scalar?.createApiReference('#reference', configuration);
});
document.head.append(script);
