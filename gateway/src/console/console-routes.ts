import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic, { type SetHeadersResponse } from '@fastify/static';

export interface ConsoleOptions {
  /** The web console's compiled files (`web/build`): index.html and hashed assets. */
  root: string;
}

/**
 * The console may load only its own files and call only this origin: no inline script or style, no other
 * host, no framing, no plugins. Styles set through the DOM (`element.style`) are not inline styles to CSP.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the web console at `/` as public files (the sign-in page needs no token; every API call it makes
 * does). Only the files present at start are routed (no wildcard), so an unknown path still gets the
 * service's 401 or 404 problem, and the routes stay out of the OpenAPI document.
 */
export const consoleRoutes: FastifyPluginAsync<ConsoleOptions> = async (app, { root }) => {
  // Encapsulated: marks only this plugin's routes public (the authentication hook reads `config.public`).
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), public: true };
  });
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    schemaHide: true,
    decorateReply: false,
    serveDotFiles: false,
    cacheControl: false,
    etag: true,
    lastModified: false,
    setHeaders: consoleHeaders,
  });
};

function consoleHeaders(response: SetHeadersResponse, filePath: string): void {
  response.setHeader('Content-Security-Policy', CONSOLE_CSP);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  // Vite names every asset by its content hash: cache them for good; always revalidate the page itself.
  response.setHeader(
    'Cache-Control',
    /[\\/]assets[\\/]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
}
