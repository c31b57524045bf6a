/**
 * The outbound guard against a loopback server standing in for both the city's site and the server's own
 * network. Host names are answered by an injected resolver (no DNS), and only loopback is ever connected to:
 * every other address in here must be refused before a connection is tried.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SecuritySettingError } from './headers.ts';
import { OutboundGuard, OutboundRefused, parseCityHosts, parseOutboundAllow, UNREACHABLE_MESSAGE, type OutboundOptions, type ResolveAll } from './outbound-guard.ts';

let port = 0;
/** Path and Host of every request that reached the server. */
const seen: { path: string; host: string }[] = [];

const server = createServer((request, response) => {
  const path = request.url ?? '/';
  seen.push({ path, host: request.headers.host ?? '' });
  const redirect = /^\/redirect\?to=(.*)$/.exec(path);
  if (redirect) return void response.writeHead(302, { location: decodeURIComponent(redirect[1] ?? '') }).end();
  response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
});

/** Names the tests use, as a resolver would answer them; anything else is not found. */
const NAMES: Record<string, string[]> = {
  localhost: ['127.0.0.1', '::1'],
  'city.test': ['127.0.0.1'],
  'intranet.test': ['10.1.2.3'],
  'mixed.test': ['127.0.0.1', '192.168.0.10'],
  'metadata.test': ['169.254.169.254'],
  'mapped.test': ['::ffff:10.0.0.1'],
};
const resolve: ResolveAll = async (hostname) => {
  const addresses = NAMES[hostname];
  if (!addresses) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

const guards: OutboundGuard[] = [];
function guard(options: OutboundOptions = {}): OutboundGuard {
  const made = new OutboundGuard({ resolve, ...options });
  guards.push(made);
  return made;
}

before(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  await Promise.all(guards.map((g) => g.close()));
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});

async function get(g: OutboundGuard, url: string, scope: 'city' | 'linked' = 'city') {
  return g.fetch(new URL(url), { method: 'GET', signal: AbortSignal.timeout(10_000) }, scope);
}

async function refusal(promise: Promise<unknown>): Promise<OutboundRefused> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OutboundRefused, `refused, got ${String(error)}`);
    assert.equal(error.message, UNREACHABLE_MESSAGE);
    return error;
  }
  return assert.fail('expected the request to be refused');
}

const viaRedirect = (to: string) => `http://127.0.0.1:${port}/redirect?to=${encodeURIComponent(to)}`;

describe('OutboundGuard', () => {
  test('refuses loopback in every spelling browsers accept, and names resolving to it, without a request', async () => {
    const strict = guard();
    const spellings = ['127.0.0.1', 'localhost', '2130706433', '0177.0.0.1', '127.1', '0x7f.1', '[::1]', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '0.0.0.0', '[::]', 'city.test'];
    for (const host of spellings) await refusal(get(strict, `http://${host}:${port}/secret`));
    assert.deepEqual(seen.filter((s) => s.path === '/secret'), []);
  });

  test('refuses private, shared, link-local, multicast and reserved addresses, written out or resolved', async () => {
    const strict = guard();
    const addresses = ['10.0.0.1', '172.16.5.4', '192.168.1.1', '100.64.0.1', '169.254.169.254', '224.0.0.1', '255.255.255.255', '240.0.0.1', '[fc00::1]', '[fd12::1]', '[fe80::1]', '[ff02::1]', '[::ffff:10.0.0.1]'];
    for (const host of [...addresses, 'intranet.test', 'metadata.test', 'mapped.test']) await refusal(get(strict, `http://${host}/`));
  });

  test('a name is refused when any one of its addresses is internal', async () => {
    const reason = (await refusal(get(guard({ allow: parseOutboundAllow('127.0.0.1') }), `http://mixed.test:${port}/`))).reason;
    assert.match(reason, /192\.168\.0\.10/);
  });

  test('--outbound-allow admits the listed addresses, ranges and names, and nothing more', async () => {
    for (const allow of ['127.0.0.1', '127.0.0.0/8', 'city.test']) {
      const { response } = await get(guard({ allow: parseOutboundAllow(allow) }), `http://city.test:${port}/page`);
      assert.equal(response.status, 200, allow);
      assert.equal(await response.text(), 'ok');
    }
    // The request reached the address that was checked, and still named its host.
    assert.equal(seen.at(-1)?.host, `city.test:${port}`);
    const allowed = guard({ allow: parseOutboundAllow('127.0.0.1') });
    await refusal(get(allowed, `http://[::1]:${port}/`));
    await refusal(get(allowed, 'http://10.0.0.1/'));
  });

  test('each redirect is checked again: an allowed site cannot send the server inward', async () => {
    const allowed = guard({ allow: parseOutboundAllow('127.0.0.1') });
    const inward = [`http://localhost:${port}/secret`, `http://[::1]:${port}/secret`, 'http://169.254.169.254/latest/meta-data/', 'http://intranet.test/secret', 'file:///etc/passwd'];
    for (const to of inward) await refusal(get(allowed, viaRedirect(to)));
    assert.deepEqual(seen.filter((s) => s.path === '/secret'), []);
    // Within the allowed site, redirects are followed.
    const { response, url } = await get(allowed, viaRedirect(`http://127.0.0.1:${port}/page`));
    assert.equal(response.status, 200);
    assert.equal(url.href, `http://127.0.0.1:${port}/page`);
  });

  test('the name is resolved once, for the connection itself: a later answer is never used unchecked', async () => {
    let asked = 0;
    const rebinding: ResolveAll = async () => {
      asked++;
      return [{ address: asked === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    };
    const { response } = await get(guard({ allow: parseOutboundAllow('127.0.0.1'), resolve: rebinding }), `http://rebind.test:${port}/page`);
    assert.equal(response.status, 200);
    assert.equal(asked, 1);
  });

  test('--city-hosts limits city content to the listed hosts; linked files are not limited by it', async () => {
    const city = guard({ allow: parseOutboundAllow('127.0.0.0/8'), cityHosts: parseCityHosts('127.0.0.1') });
    assert.equal((await get(city, `http://127.0.0.1:${port}/page`)).response.status, 200);
    assert.match((await refusal(get(city, `http://city.test:${port}/page`))).reason, /--city-hosts/);
    await refusal(get(city, viaRedirect(`http://city.test:${port}/page`)));
    assert.equal((await get(city, `http://city.test:${port}/page`, 'linked')).response.status, 200);
  });

  test('logs why, with the host only', async () => {
    const logged: { host: string; reason: string }[] = [];
    await refusal(get(guard({ onFailure: (f) => logged.push(f) }), 'http://intranet.test/kojin/yamada.html'));
    assert.deepEqual(logged, [{ host: 'intranet.test', reason: 'intranet.test resolves to 10.1.2.3, which is not public' }]);
  });
});

test('parseOutboundAllow and parseCityHosts take addresses, ranges and host names, and name a bad entry', () => {
  const list = parseOutboundAllow('10.0.0.0/8, 2001:db8::/32 intranet.City.example.lg.jp,192.0.2.1');
  assert.equal(list.ranges.length, 3);
  assert.deepEqual([...list.hosts], ['intranet.city.example.lg.jp']);
  assert.deepEqual([...parseCityHosts('www.city.example.lg.jp, city.example.lg.jp')], ['www.city.example.lg.jp', 'city.example.lg.jp']);
  for (const bad of ['https://www.city.example.lg.jp/', 'www.city.example.lg.jp/faq', 'host:8080', '10.0.0.0/40']) {
    assert.throws(() => parseOutboundAllow(bad), SecuritySettingError, bad);
  }
  assert.throws(() => parseCityHosts('https://www.city.example.lg.jp'), /--city-hosts の「https:\/\/www\.city\.example\.lg\.jp」/);
});
