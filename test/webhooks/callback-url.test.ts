import { describe, expect, it } from 'vitest';
import { checkCallbackUrl, isNonPublicAddress, type Lookup } from '../../api/src/webhooks/callback-url.ts';
import { isAppError } from '../../api/src/errors/index.ts';

/** A resolver answering from a table, as DNS would; unknown names do not resolve. */
function resolver(table: Record<string, string[]>): Lookup & { asked: string[] } {
  const asked: string[] = [];
  const fn = async (host: string) => {
    asked.push(host);
    const hit = table[host];
    if (!hit) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return hit.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(fn, { asked });
}

async function rule(url: string, allowedHosts: string[], lookup: Lookup): Promise<string> {
  try {
    await checkCallbackUrl(url, { allowedHosts }, lookup);
    return 'allowed';
  } catch (e) {
    if (!isAppError(e)) throw e;
    expect(e.errors[0]!.field).toBe('/body/callbackUrl');
    return e.errors[0]!.rule;
  }
}

const dns = resolver({
  'prod-12.westeurope.logic.azure.com': ['20.50.1.2'],
  'inside.logic.azure.com': ['10.20.30.40'],
  'mixed.logic.azure.com': ['20.50.1.3', '192.168.1.9'],
  'meta.logic.azure.com': ['169.254.169.254'],
  'six.logic.azure.com': ['fd00::5'],
  'hooks.internal.example': ['10.0.0.7'],
});
const PA = ['*.logic.azure.com'];

describe('callback URL rules', () => {
  it('allows https on a wildcard host that resolves to public addresses', async () => {
    expect(await rule('https://prod-12.westeurope.logic.azure.com/workflows/1?sig=abc', PA, dns)).toBe('allowed');
  });

  it.each([
    ['a private 10.x address', 'https://inside.logic.azure.com/x'],
    ['any private address among several', 'https://mixed.logic.azure.com/x'],
    ['the link-local metadata address', 'https://meta.logic.azure.com/x'],
    ['an IPv6 unique-local address', 'https://six.logic.azure.com/x'],
  ])('refuses a name resolving to %s', async (_name, url) => {
    expect(await rule(url, PA, dns)).toBe('public-address');
  });

  it('refuses a name that does not resolve', async () => {
    expect(await rule('https://gone.logic.azure.com/x', PA, dns)).toBe('resolvable');
  });

  it('allows a private name listed exactly, without asking DNS', async () => {
    const local = resolver({ 'hooks.internal.example': ['10.0.0.7'] });
    expect(await rule('https://hooks.internal.example/x', ['hooks.internal.example'], local)).toBe('allowed');
    expect(local.asked).toEqual([]);
  });

  it('allows plain http only for a loopback host listed exactly', async () => {
    expect(await rule('http://127.0.0.1:8080/x', ['127.0.0.1'], dns)).toBe('allowed');
    expect(await rule('http://localhost:8080/x', ['localhost'], dns)).toBe('allowed');
    expect(await rule('http://hooks.internal.example/x', ['hooks.internal.example'], dns)).toBe('https');
    expect(await rule('http://prod-12.westeurope.logic.azure.com/x', PA, dns)).toBe('https');
  });

  it('with "*" allows any host that resolves to public addresses, and still refuses private ones', async () => {
    expect(await rule('https://prod-12.westeurope.logic.azure.com/x', ['*'], dns)).toBe('allowed');
    expect(await rule('https://10.9.8.7/x', ['*'], dns)).toBe('public-address');
    expect(await rule('https://hooks.internal.example/x', ['*'], dns)).toBe('public-address');
  });

  it('treats IPv4-mapped IPv6, CGNAT and unspecified addresses as non-public', () => {
    for (const a of ['::ffff:127.0.0.1', '::ffff:7f00:1', '100.64.0.1', '0.0.0.0', '::', 'fe80::1', '127.9.9.9']) expect(isNonPublicAddress(a), a).toBe(true);
    for (const a of ['20.50.1.2', '2603:1030::1', '8.8.8.8']) expect(isNonPublicAddress(a), a).toBe(false);
  });
});
