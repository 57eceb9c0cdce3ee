/**
 * Access tokens for Dataverse from Entra ID through msal-node (client credentials, secret or
 * certificate). One ConfidentialClientApplication per client so msal's in-memory cache is reused;
 * a single-flight promise so concurrent first callers share one token request (msal does not
 * coalesce them, reference §1.2); `refresh(stale)` forces one new token after a 401.
 */
import { readFileSync } from 'node:fs';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { ConfidentialClientApplication, type Configuration, type INetworkModule } from '@azure/msal-node';
import { DataverseError } from './errors.ts';

export interface TokenSettings {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret?: string | undefined;
  clientCertificatePath?: string | undefined;
  authorityHost: string;
}

export interface TokenProvider {
  /** A valid token: msal's cached one when it has one, else a new one (one request for all callers). */
  token(): Promise<string>;
  /** After a 401 with `stale`: a fresh token, fetched once however many callers saw the 401. */
  refresh(stale: string): Promise<string>;
}

/**
 * msal's network layer over the injected fetch, so tests and the stand-in see every Entra call and
 * a custom CA can be trusted without touching process-wide TLS settings.
 */
export function fetchNetworkModule(fetchImpl: typeof fetch): INetworkModule {
  async function send<T>(method: 'GET' | 'POST', url: string, options?: { headers?: Record<string, string>; body?: string }, timeoutMs?: number) {
    const response = await fetchImpl(url, {
      method,
      headers: options?.headers ?? {},
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
      ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    });
    const text = await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    let body: unknown = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      // msal reads error fields from the body; an HTML error page becomes an empty object.
    }
    return { headers, body: body as T, status: response.status };
  }
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/** Private key and certificate from one PEM file; the SHA-256 thumbprint is computed here so operators need not. */
export function loadCertificate(path: string): { privateKey: string; thumbprintSha256: string; x5c: string } {
  const pem = readFileSync(path, 'utf8');
  const certBlock = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/);
  if (!certBlock) throw new Error('DYNAMICS_CLIENT_CERTIFICATE_PATH: the PEM file holds no CERTIFICATE block');
  const keyBlock = pem.match(/-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/);
  if (!keyBlock) throw new Error('DYNAMICS_CLIENT_CERTIFICATE_PATH: the PEM file holds no PRIVATE KEY block');
  const certificate = new X509Certificate(certBlock[0]);
  // msal wants PKCS#8 ("BEGIN PRIVATE KEY"); PKCS#1 RSA keys from older tooling are converted here.
  const privateKey = createPrivateKey(keyBlock[0]).export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    privateKey,
    thumbprintSha256: certificate.fingerprint256.replaceAll(':', '').toLowerCase(),
    x5c: certBlock[0],
  };
}

/** `login.microsoftonline.us` from what operators paste: `https://login.microsoftonline.us/`, any case. */
export function normalizeAuthorityHost(value: string): string {
  return value.trim().replace(/^https?:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
}

/**
 * Entra ID's v2.0 endpoints for a tenant on a host: the same template msal-common hardcodes for
 * Microsoft's public and sovereign clouds. Handing it to msal as `authorityMetadata` means no
 * OpenID discovery request and no issuer check against a discovery document, on any host: the only
 * Entra endpoint the client needs is the token endpoint, so a stand-in (ours or anyone's) has to
 * serve nothing else, and the client secret is only ever posted to the configured host.
 */
export function entraMetadata(host: string, tenantId: string): string {
  const base = `https://${host}/${encodeURIComponent(tenantId)}`;
  return JSON.stringify({
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    issuer: `${base}/v2.0`,
  });
}

export function createTokenProvider(settings: TokenSettings, fetchImpl: typeof fetch): TokenProvider {
  const host = normalizeAuthorityHost(settings.authorityHost);
  const auth: Configuration['auth'] = {
    clientId: settings.clientId,
    authority: `https://${host}/${settings.tenantId}`,
    // Listing the host makes msal trust it without Microsoft's instance discovery, which is what
    // lets sovereign clouds and the local stand-in work with nothing but the settings.
    knownAuthorities: [host],
    authorityMetadata: entraMetadata(host, settings.tenantId),
  };
  if (settings.clientCertificatePath) {
    const cert = loadCertificate(settings.clientCertificatePath);
    auth.clientCertificate = { privateKey: cert.privateKey, thumbprintSha256: cert.thumbprintSha256, x5c: cert.x5c };
  } else {
    auth.clientSecret = settings.clientSecret ?? '';
  }
  const app = new ConfidentialClientApplication({
    auth,
    system: { networkClient: fetchNetworkModule(fetchImpl) },
  });
  const scopes = [`${settings.url.replace(/\/+$/, '')}/.default`];

  let inflight: Promise<string> | undefined;
  let last: string | undefined;

  function acquire(force: boolean): Promise<string> {
    const p = app
      .acquireTokenByClientCredential({ scopes, ...(force ? { skipCache: true } : {}) })
      .then((result) => {
        if (!result?.accessToken) throw new Error('Entra ID returned no access token');
        last = result.accessToken;
        return result.accessToken;
      })
      .catch((e: unknown) => {
        throw toTokenError(e);
      })
      .finally(() => {
        if (inflight === p) inflight = undefined;
      });
    inflight = p;
    return p;
  }

  return {
    token: () => inflight ?? acquire(false),
    async refresh(stale) {
      if (inflight) {
        const shared = await inflight;
        if (shared !== stale) return shared;
      } else if (last !== undefined && last !== stale) {
        return last;
      }
      return inflight ?? acquire(true);
    },
  };
}

/** msal errors carry `errorCode` and an AADSTS message; keep those, drop anything else. */
function toTokenError(e: unknown): DataverseError {
  if (e instanceof DataverseError) return e;
  const err = e as { errorCode?: unknown; errorMessage?: unknown; message?: unknown; status?: unknown };
  const code = typeof err?.errorCode === 'string' ? err.errorCode : 'TokenRequestFailed';
  const raw = typeof err?.errorMessage === 'string' && err.errorMessage ? err.errorMessage : String(err?.message ?? e);
  // AADSTS messages end with trace/correlation ids and a timestamp; the first line is what matters.
  const message = raw.split(/\r?\n/)[0]!.slice(0, 400);
  const network = /network|fetch failed|ECONN|ENOTFOUND|certificate/i.test(`${code} ${message}`) && !/AADSTS/.test(message);
  return new DataverseError({
    status: typeof err?.status === 'number' ? err.status : code === 'invalid_client' ? 401 : 0,
    code,
    message: `Token request to Entra ID failed: ${message}`,
    source: network ? 'network' : 'entra',
    retryable: network,
    cause: e,
  });
}
