/**
 * Test support: the outbound guard as a deployment whose city site is on 127.0.0.1 sets it
 * (`--outbound-allow 127.0.0.1`), for the tests that read pages from a loopback server.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundGuard, parseOutboundAllow, type OutboundOptions } from './outbound-guard.ts';

export const LOOPBACK_OUTBOUND: OutboundOptions = { allow: parseOutboundAllow('127.0.0.1') };

/** @example const page = await fetchPage(`${site.url}/a.html`, { guard: loopbackGuard() }); */
export function loopbackGuard(options: OutboundOptions = {}): OutboundGuard {
  return new OutboundGuard({ ...LOOPBACK_OUTBOUND, ...options });
}

/** A port of 127.0.0.1 that was just free and is closed again: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
