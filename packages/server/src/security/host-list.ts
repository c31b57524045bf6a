/**
 * Lists of host names in serve options (`--city-hosts`, `--answer-image-hosts`, the names in `--outbound-allow`):
 * written as bare hosts, compared as URL parsing writes them (lower case, punycode), so `WWW.City.example.lg.jp`
 * and `www.city.example.lg.jp` are one host.
 */
import { SecuritySettingError } from './headers.ts';

/**
 * A host name as URL parsing writes it, or null for an entry that is not a bare host (a scheme, a port, a path).
 *
 * @example hostName('WWW.City.example.lg.jp') // 'www.city.example.lg.jp'
 */
export function hostName(entry: string): string | null {
  if (!URL.canParse(`http://${entry}/`)) return null;
  const url = new URL(`http://${entry}/`);
  const bare = url.host === url.hostname && url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  return bare ? url.hostname : null;
}

/** Entries separated by commas or spaces. */
export function listEntries(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
}

/**
 * @throws SecuritySettingError naming the option and the entry that is not a host.
 * @example parseHostList('www.city.example.lg.jp, city.example.lg.jp', '--city-hosts')
 */
export function parseHostList(text: string | undefined, option: string): Set<string> {
  const hosts = new Set<string>();
  for (const entry of listEntries(text)) {
    const host = hostName(entry);
    if (host === null) throw new SecuritySettingError(`${option} の「${entry}」はホスト名ではありません。www.city.example.lg.jp のように、https:// やパスを付けずに指定してください。`);
    hosts.add(host);
  }
  return hosts;
}
