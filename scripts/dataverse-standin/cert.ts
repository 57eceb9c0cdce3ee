/**
 * A throw-away TLS identity for the stand-in. msal only accepts https authorities, so the stand-in
 * serves HTTPS with a self-signed certificate made at start by Debian's `openssl` (no key material
 * is ever committed). Clients trust it through `trustingFetch(ca)` or NODE_EXTRA_CA_CERTS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsIdentity {
  key: string;
  cert: string;
}

export function makeSelfSignedCertificate(commonName = '127.0.0.1'): TlsIdentity {
  const dir = mkdtempSync(join(tmpdir(), 'dataverse-standin-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', `/CN=${commonName}`,
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ], { stdio: 'pipe' });
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An RSA key and certificate in one PEM, as DYNAMICS_CLIENT_CERTIFICATE_PATH expects (for certificate-auth tests). */
export function makeClientCertificatePem(commonName = 'cmms-connector'): { pem: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dataverse-client-cert-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath,
      '-days', '2', '-subj', `/CN=${commonName}`,
    ], { stdio: 'pipe' });
    const key = readFileSync(keyPath, 'utf8');
    const cert = readFileSync(certPath, 'utf8');
    return { pem: key + cert, cert };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
