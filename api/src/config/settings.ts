/**
 * Typed readers for environment settings. Each reader records a problem instead of throwing so
 * that an operator sees every mistake in one start attempt. Written by hand rather than with a
 * library because the rules are few and the messages must name the variable and the rule.
 */
export interface SettingProblem {
  variable: string;
  message: string;
}

interface IntRule {
  min?: number;
  max?: number;
}

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

export function readSettings(env: Record<string, string | undefined>) {
  const problems: SettingProblem[] = [];
  const raw = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const problem = (variable: string, message: string) => problems.push({ variable, message });

  return {
    problems,
    problem,
    string(name: string, fallback: string): string {
      return raw(name) ?? fallback;
    },
    optionalString(name: string): string | undefined {
      return raw(name);
    },
    /** A secret that must be long enough not to be guessed; never echoed in the message. */
    optionalSecret(name: string, minLength: number): string | undefined {
      const v = raw(name);
      if (v !== undefined && v.length < minLength) problem(name, `must be at least ${minLength} characters long`);
      return v;
    },
    optionalGuid(name: string): string | undefined {
      const v = raw(name);
      if (v !== undefined && !GUID.test(v)) problem(name, `must be an application (client) id, a GUID, got "${v}"`);
      return v;
    },
    /** `Key=value;Key=value` as Azure connection strings are, with `required` among the keys; not echoed. */
    optionalConnectionString(name: string, required: string): string | undefined {
      const v = raw(name);
      if (v === undefined) return undefined;
      const keys = v.split(';').filter(Boolean).map((part) => part.split('=')[0]!.trim().toLowerCase());
      if (!keys.includes(required.toLowerCase())) problem(name, `must be a connection string with ${required}=… (copy it from the resource's Overview page)`);
      return v;
    },
    optionalUrl(name: string): string | undefined {
      const v = raw(name);
      if (v === undefined) return undefined;
      try {
        const u = new URL(v);
        if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
        return v.replace(/\/+$/, '');
      } catch {
        problem(name, `must be an absolute http(s) URL, got "${v}"`);
        return undefined;
      }
    },
    int(name: string, fallback: number, rule: IntRule = {}): number {
      const v = raw(name);
      if (v === undefined) return fallback;
      if (!/^-?\d+$/.test(v)) {
        problem(name, `must be a whole number, got "${v}"`);
        return fallback;
      }
      const n = Number(v);
      if (rule.min !== undefined && n < rule.min) problem(name, `must be at least ${rule.min}, got ${n}`);
      else if (rule.max !== undefined && n > rule.max) problem(name, `must be at most ${rule.max}, got ${n}`);
      return n;
    },
    bool(name: string, fallback: boolean): boolean {
      const v = raw(name)?.toLowerCase();
      if (v === undefined) return fallback;
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      problem(name, `must be true or false, got "${v}"`);
      return fallback;
    },
    enum<const T extends string>(name: string, allowed: readonly T[], fallback: T): T {
      return this.optionalEnum(name, allowed) ?? fallback;
    },
    optionalEnum<const T extends string>(name: string, allowed: readonly T[]): T | undefined {
      const v = raw(name);
      if (v === undefined) return undefined;
      if ((allowed as readonly string[]).includes(v)) return v as T;
      problem(name, `must be one of ${allowed.join(', ')}, got "${v}"`);
      return undefined;
    },
    list(name: string, fallback: readonly string[] = []): string[] {
      const v = raw(name);
      if (v === undefined) return [...fallback];
      return v.split(',').map((x) => x.trim()).filter(Boolean);
    },
    done(): void {},
  };
}
