/**
 * The Entra ID side msal talks to: the OpenID discovery document for the authority and the v2.0
 * token endpoint (client credentials with a secret or a certificate-signed client assertion).
 * Errors carry the AADSTS codes a real tenant sends, so the client's hints can be tested.
 */
import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';

export interface AuthSettings {
  origin: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** PEM certificates whose private keys may sign client assertions. */
  clientCertificates: string[];
  /** The environment URL; the only accepted scope is `<resource>/.default`. */
  resource: string;
  tokenLifetimeSeconds: number;
}

export interface IssuedToken {
  appId: string;
  expiresAt: number;
}

export class TokenIssuer {
  readonly settings: AuthSettings;
  readonly tokens = new Map<string, IssuedToken>();

  constructor(settings: AuthSettings) {
    this.settings = settings;
  }

  discovery(tenant: string): unknown {
    const base = `${this.settings.origin}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      issuer: `${base}/v2.0`,
      response_types_supported: ['code', 'id_token', 'token'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    };
  }

  async token(tenant: string, form: URLSearchParams): Promise<{ status: number; body: unknown }> {
    const s = this.settings;
    const fail = (status: number, error: string, code: number, description: string) => ({
      status,
      body: { error, error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${randomBytes(8).toString('hex')}`, error_codes: [code] },
    });
    if (tenant !== s.tenantId) return fail(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    if (form.get('grant_type') !== 'client_credentials') return fail(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    const clientId = form.get('client_id') ?? '';
    if (clientId !== s.clientId) return fail(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
    const assertion = form.get('client_assertion');
    if (assertion) {
      if (!(await this.#assertionValid(assertion, `${s.origin}/${tenant}/oauth2/v2.0/token`))) {
        return fail(401, 'invalid_client', 700027, 'The certificate with identifier used to sign the client assertion is not registered on application.');
      }
    } else if (form.get('client_secret') !== s.clientSecret) {
      return fail(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.');
    }
    const scope = form.get('scope') ?? '';
    const wanted = `${s.resource.replace(/\/+$/, '')}/.default`;
    if (!scope.split(' ').includes(wanted)) {
      return fail(400, 'invalid_scope', 500011, `The resource principal named ${scope.replace(/\/\.default$/, '')} was not found in the tenant named ${tenant}.`);
    }
    const accessToken = randomBytes(32).toString('base64url');
    this.tokens.set(accessToken, { appId: clientId, expiresAt: Date.now() + s.tokenLifetimeSeconds * 1000 });
    return {
      status: 200,
      body: { token_type: 'Bearer', expires_in: s.tokenLifetimeSeconds, ext_expires_in: s.tokenLifetimeSeconds, access_token: accessToken },
    };
  }

  /** The bearer token of a request, if it is one we issued and it has not expired. */
  check(authorization: string | undefined): IssuedToken | undefined {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    const issued = token ? this.tokens.get(token) : undefined;
    return issued && issued.expiresAt > Date.now() ? issued : undefined;
  }

  /** Simulates revocation / early expiry: every issued token stops working. */
  revokeAll(): void {
    this.tokens.clear();
  }

  async #assertionValid(assertion: string, audience: string): Promise<boolean> {
    let alg: string;
    try {
      alg = decodeProtectedHeader(assertion).alg ?? 'RS256';
    } catch {
      return false;
    }
    for (const cert of this.settings.clientCertificates) {
      try {
        const key = await importX509(cert, alg);
        await jwtVerify(assertion, key, { audience, issuer: this.settings.clientId, subject: this.settings.clientId, clockTolerance: 300 });
        return true;
      } catch {
        // try the next registered certificate
      }
    }
    return false;
  }
}
