/// <reference lib="dom" />
/**
 * Sign-in, the API's own: Entra ID through MSAL for browsers (authorization code with PKCE,
 * redirect to /console/), an API key typed by the operator (kept for this tab only), or nothing
 * in `none` mode (the API answers loopback callers only).
 */
import { PublicClientApplication, InteractionRequiredAuthError, type AccountInfo } from '@azure/msal-browser';
import { ApiError, createApi, type Api, type Credentials } from './api.ts';
import { button, h } from './dom.ts';

export interface ClientSettings {
  authMode: 'entra' | 'apikey' | 'none';
  clientId: string | null;
  authority: string | null;
  scope: string | null;
  redirectPath: string;
}

export interface Session {
  api: Api;
  signOut: (() => void) | undefined;
}

const KEY_STORAGE = 'cmms-console-api-key';

export async function signIn(settings: ClientSettings, root: HTMLElement): Promise<Session> {
  if (settings.authMode === 'none') return { api: createApi(async () => ({})), signOut: undefined };
  if (settings.authMode === 'apikey') return apiKeySignIn(root);
  return entraSignIn(settings, root);
}

function signInCard(root: HTMLElement, ...content: (Node | string)[]): HTMLElement {
  const card = h('section', { class: 'card sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title', class: 'title' }, 'Sign in to the Energy CMMS console'),
    ...content);
  root.replaceChildren(h('main', { class: 'sign-in-page' }, card));
  return card;
}

async function apiKeySignIn(root: HTMLElement): Promise<Session> {
  const saved = sessionStorage.getItem(KEY_STORAGE);
  const make = (key: string): Credentials => async () => ({ 'x-api-key': key });
  if (saved) {
    const api = createApi(make(saved));
    try {
      await api.get('/console/api/session');
      return { api, signOut: () => (sessionStorage.removeItem(KEY_STORAGE), location.reload()) };
    } catch {
      sessionStorage.removeItem(KEY_STORAGE);
    }
  }
  return new Promise((resolve) => {
    const input = h('fluent-text-input', { type: 'password', name: 'apiKey', id: 'api-key', autocomplete: 'off', required: true }, 'API key');
    const message = h('div', { role: 'alert', class: 'sign-in-message' });
    const submit = async () => {
      const key = ((input as unknown as { value: string }).value ?? '').trim();
      message.replaceChildren();
      if (!key) {
        message.append(h('fluent-message-bar', { intent: 'warning' }, 'Type the API key you were given.'));
        return;
      }
      const api = createApi(make(key));
      try {
        await api.get('/console/api/session');
        sessionStorage.setItem(KEY_STORAGE, key);
        resolve({ api, signOut: () => (sessionStorage.removeItem(KEY_STORAGE), location.reload()) });
      } catch (e) {
        const text = e instanceof ApiError && e.status === 401 ? `Sign-in refused: ${e.message}` : `Sign-in failed: ${(e as Error).message}`;
        message.append(h('fluent-message-bar', { intent: 'error', 'data-test': 'sign-in-refused' }, text));
      }
    };
    const form = h('form', { class: 'sign-in-form', onsubmit: (ev: Event) => (ev.preventDefault(), void submit()) },
      h('p', {}, 'This API signs callers in with an API key (AUTH_MODE=apikey). Enter a key from API_KEYS.'),
      input,
      h('div', { class: 'actions' }, h('fluent-button', { appearance: 'primary', type: 'submit' }, 'Sign in')),
      message);
    signInCard(root, form);
    (input as HTMLElement).focus();
  });
}

async function entraSignIn(settings: ClientSettings, root: HTMLElement): Promise<Session> {
  if (!settings.clientId || !settings.scope || !settings.authority) {
    signInCard(root, h('fluent-message-bar', { intent: 'error' },
      'Entra sign-in is not set up: set CONSOLE_CLIENT_ID (the app registration with this page as SPA redirect URI) and ENTRA_AUDIENCE or CONSOLE_SCOPE, then restart the API.'));
    return new Promise(() => {});
  }
  const redirectUri = new URL(settings.redirectPath, location.origin).toString();
  const msal = new PublicClientApplication({
    auth: { clientId: settings.clientId, authority: settings.authority, redirectUri, postLogoutRedirectUri: redirectUri },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await msal.initialize();
  const result = await msal.handleRedirectPromise();
  const account: AccountInfo | null = result?.account ?? msal.getAllAccounts()[0] ?? null;
  const scopes = [settings.scope];
  if (!account) {
    signInCard(root,
      h('p', {}, 'Sign in with your work account. Reading needs sign-in only; retry, redeliver, start and cancel need an admin app role.'),
      h('div', { class: 'actions' }, button('Sign in with Microsoft', () => void msal.loginRedirect({ scopes }), { appearance: 'primary' })));
    return new Promise(() => {});
  }
  msal.setActiveAccount(account);
  const credentials: Credentials = async () => {
    try {
      const t = await msal.acquireTokenSilent({ scopes, account });
      return { authorization: `Bearer ${t.accessToken}` };
    } catch (e) {
      if (e instanceof InteractionRequiredAuthError) await msal.acquireTokenRedirect({ scopes, account });
      throw e;
    }
  };
  return { api: createApi(credentials), signOut: () => void msal.logoutRedirect({ account }) };
}
