/**
 * An optional allow-list for the staff console (`/admin`, `/api/admin`): a city may keep it reachable only
 * from the office network. Addresses are judged as Fastify's `request.ip`, so behind a reverse proxy
 * `--trust-proxy` must be set for the client's address, not the proxy's, to be the one checked.
 */
import { BlockList, isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error.ts';
import { SecuritySettingError } from './headers.ts';

/** Route patterns of the console's page and API. */
function isAdminRoute(route: string): boolean {
  return /^\/(api\/)?admin(\/|$)/.test(route);
}

/**
 * `--admin-allow`: addresses and CIDR ranges separated by commas or spaces, IPv4 or IPv6.
 *
 * @throws SecuritySettingError naming the entry that is neither.
 * @example parseAllowList('192.0.2.0/24, 2001:db8::/32, 127.0.0.1')
 */
export function parseAllowList(text: string | undefined): BlockList | undefined {
  const entries = (text ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
  if (entries.length === 0) return undefined;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits, ...rest] = entry.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (family === 0 || rest.length > 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits)) || prefix > (family === 6 ? 128 : 32)) {
      throw new SecuritySettingError(`--admin-allow の「${entry}」は IP アドレスでも CIDR でもありません。192.0.2.0/24 や 2001:db8::/32 のように指定してください。`);
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

function allowed(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** Refuses console routes to addresses off the list (403), before sign-in is even looked at. */
export function installAdminAllowList(app: FastifyInstance, list: BlockList): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const route = request.routeOptions.url;
    if (route !== undefined && isAdminRoute(route) && !allowed(list, request.ip)) {
      throw new ApiError(403, 'ADDRESS_NOT_ALLOWED', 'この管理画面は、許可されたネットワークからのみご利用いただけます。庁内のネットワークから接続してください。');
    }
  });
}
