/**
 * The methods Express has routes for at a path, so a request with another
 * method answers 405 with an Allow header instead of 404. Express routes by
 * path and method together and only says "no route"; this asks its router
 * (Express 5's `app.router`, whose layers match paths) after the fact.
 */
interface RouteLayer {
  route?: { methods?: Record<string, boolean> };
  match?(path: string): boolean;
}
export interface RoutedRequest {
  app?: { router?: { stack?: RouteLayer[] } };
  originalUrl?: string;
  url?: string;
}

/** Upper-case methods with a route at the request's path (HEAD with GET), sorted; empty when the path has none. */
export function routeMethodsAt(request: RoutedRequest): string[] {
  const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
  const methods = new Set<string>();
  for (const layer of request.app?.router?.stack ?? []) {
    if (!layer.route?.methods || typeof layer.match !== 'function' || !layer.match(path)) continue;
    for (const [method, handled] of Object.entries(layer.route.methods)) if (handled && method !== '_all') methods.add(method.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
