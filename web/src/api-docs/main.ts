import scalarUrl from '../../.generated/scalar-standalone.js?url';
import { apiDefinitionPath, definitionUrl } from './definition-url.js';

interface ScalarGlobal {
  createApiReference(target: string, configuration: Record<string, unknown>): unknown;
}

/**
 * The API reference (/api/docs): Argus's own OpenAPI document; with `?url=/api/...` another
 * document of this Argus; with `?api=<namespace>/<name>` the inline definition of an API kept
 * in the catalog (the API page frames this). Rendered by Scalar from Argus alone (no CDN, no
 * fonts, no telemetry, no buttons of Scalar's hosted services).
 */
const common = {
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  showDeveloperTools: 'never',
  agent: { disabled: true },
  mcp: { disabled: true },
};

/**
 * Where the document comes from. An API's definition route answers JSON around the text
 * (`{definition, definitionUrl, ...}`), so the page fetches it with the session and hands
 * Scalar the text itself; a wrong `?api=` falls back to Argus's own document, like `?url=`.
 */
async function documentSource(): Promise<Record<string, unknown>> {
  const api = apiDefinitionPath(location.search);
  if (!api) return { url: definitionUrl(location.search) };
  const response = await fetch(api, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`${api} answered ${response.status}`);
  const { definition } = (await response.json()) as { definition: string };
  if (!definition) throw new Error('this API has no inline definition');
  return { content: definition };
}

function showProblem(message: string): void {
  const box = document.createElement('p');
  box.setAttribute('role', 'alert');
  box.style.cssText = 'font: 14px sans-serif; color: #c92a2a; padding: 16px';
  box.textContent = `The definition could not be shown: ${message}`;
  document.querySelector('#reference')?.replaceChildren(box);
}

// Scalar bundles Zod, which probes whether `new Function` works: the probe is caught, but the
// browser reports it as a CSP violation. Zod reads `jitless` from this global and skips it.
(globalThis as { __zod_globalConfig?: object }).__zod_globalConfig = { jitless: true };

const source = documentSource();
source.catch((error: Error) => showProblem(error.message));

const script = document.createElement('script');
script.src = scalarUrl;
script.addEventListener('load', () => {
  const scalar = (window as { Scalar?: ScalarGlobal }).Scalar;
  void source.then(
    (document) => scalar?.createApiReference('#reference', { ...common, ...document }),
    () => {},
  );
});
document.head.append(script);
