/// <reference lib="dom" />
/**
 * The console's calls to the API, with the credentials of the sign-in mode. The live stream is
 * read with fetch rather than EventSource because EventSource cannot send an Authorization or
 * X-API-Key header; the text/event-stream format is parsed here (events, data lines, comments).
 */
export type Credentials = () => Promise<Record<string, string>>;

export class ApiError extends Error {
  readonly status: number;
  readonly problem: { title?: string; detail?: string };
  constructor(status: number, problem: { title?: string; detail?: string }) {
    super(problem.detail ?? problem.title ?? `The API answered ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function createApi(credentials: Credentials) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...(await credentials()) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new ApiError(res.status, data ?? {});
    return data as T;
  }

  /** Reads server-sent events until `signal` aborts; reconnects after the server's retry delay. */
  async function stream(path: string, onEvent: (name: string, data: string) => void, signal: AbortSignal, onState: (live: boolean) => void): Promise<void> {
    let retryMs = 3000;
    while (!signal.aborted) {
      try {
        const res = await fetch(path, { headers: { accept: 'text/event-stream', ...(await credentials()) }, signal });
        if (!res.ok || !res.body) throw new ApiError(res.status, {});
        onState(true);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let name = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const [field, ...rest] = line.split(':');
              const v = rest.join(':').replace(/^ /, '');
              if (field === 'event') name = v;
              else if (field === 'data') data.push(v);
              else if (field === 'retry' && /^\d+$/.test(v)) retryMs = Number(v);
            }
            if (data.length) onEvent(name, data.join('\n'));
          }
        }
      } catch (e) {
        if (signal.aborted) return;
        if (e instanceof ApiError && e.status === 401) throw e;
      }
      onState(false);
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }

  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body?: unknown) => call<T>('POST', path, body),
    stream,
  };
}

export type Api = ReturnType<typeof createApi>;
