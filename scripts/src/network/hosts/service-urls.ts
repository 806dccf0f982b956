import type { ProcessSpec } from '../processes';

/**
 * Where a browser on this machine reaches each organization's gateway service: loopback, or in netns mode
 * its organization's address on the bridge over TLS (trusting that organization's CA certificate).
 */
export function serviceUrls(specs: ProcessSpec[]): string[] {
  return specs.map((spec) => {
    const port = spec.env.SME_GATEWAY_PORT ?? '';
    const host = spec.env.SME_GATEWAY_HOST;
    const trust = spec.env.SME_GATEWAY_TLS_CERT?.replace(
      /orgs\/([^/]+)\/nodes\/gateway\/tls\/signcerts\/cert\.pem$/,
      'ca/$1/ca-cert.pem',
    );
    return host === undefined
      ? `${spec.name}: http://127.0.0.1:${port}/`
      : `${spec.name}: https://${host}:${port}/ (trust ${trust ?? 'its CA certificate'})`;
  });
}
