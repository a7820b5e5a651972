import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/prestasi.cjs', import.meta.url));

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything printed so far. */
  output(): string;
  /** Resolves with the exit code, or the signal that ended it. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

/** Starts the built `prestasi serve` on a free port; resolves once it prints where it listens. */
export async function startServer(args: readonly string[], env: Readonly<Record<string, string>>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code ?? -1)));
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const match = /listening on (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', look);
    void exited.then((how) => reject(new Error(`serve ended (${how}) before listening:\n${output}`)));
  });
  return { url, child, output: () => output, exited };
}

/**
 * JSON and multipart requests to a running server, signed in when it has sign-in: the session
 * cookie of `email` (a demo user, with PRESTASI_DEMO_PASSWORD) and the server's own Origin, as a
 * browser on the app sends them.
 */
export async function client(url: string, email: string, password: string) {
  let cookie: string | undefined;
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ email, password }) });
  if (login.status === 200) cookie = /prestasi_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
  else if (login.status !== 404) throw new Error(`sign-in as ${email} answered ${login.status}: ${await login.text()}`);
  const headers = (extra: Record<string, string> = {}) => ({ origin: url, ...(cookie === undefined ? {} : { cookie }), ...extra });
  return {
    async get<T = any>(path: string): Promise<{ status: number; body: T }> {
      const res = await fetch(`${url}${path}`, { headers: headers() });
      return { status: res.status, body: (res.headers.get('content-type')?.includes('json') ? await res.json() : new Uint8Array(await res.arrayBuffer())) as T };
    },
    async post<T = any>(path: string, body: unknown): Promise<{ status: number; body: T }> {
      const res = await fetch(`${url}${path}`, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as T };
    },
    /** POST /api/import of `files` as a multipart form; the promise rejects if the server dies first. */
    async importFiles(files: ReadonlyMap<string, Uint8Array>): Promise<{ status: number; body: any }> {
      const form = new FormData();
      for (const [name, bytes] of files) form.append(name, new Blob([bytes as Uint8Array<ArrayBuffer>]), name.split('/').pop());
      const res = await fetch(`${url}/api/import`, { method: 'POST', headers: headers(), body: form });
      return { status: res.status, body: await res.json() };
    },
  };
}
