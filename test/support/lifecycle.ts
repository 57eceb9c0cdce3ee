/**
 * What a test file opened and what its responses broke, kept where the file-level hooks of
 * test/support/setup.ts (vitest `setupFiles`) find them. Hooks registered from inside a
 * `beforeAll`, `beforeEach` or a test body are ignored by vitest, so helpers such as
 * `createTestApp()` never register hooks themselves: they record here, and setup.ts acts.
 *
 * Scope: whatever is opened while a test runs (its `beforeEach` hooks included) is released after
 * that test; whatever is opened at file level or in a `beforeAll` is released after the file.
 * Releases run newest first, so a worker stops before the database it uses closes.
 */

type Release = () => Promise<void> | void;

let inTest = false;
const perTest: Release[] = [];
const perFile: Release[] = [];
const violations: string[] = [];

/** Registers something to release (close a database, stop a worker) when its scope ends. */
export function releaseLater(release: Release): void {
  (inTest ? perTest : perFile).push(release);
}

/** Records a response that does not match openapi.yaml; the test that received it fails. */
export function recordViolation(message: string): void {
  violations.push(message);
}

/** The violations recorded since the last call, cleared. */
export function takeViolations(): string[] {
  return violations.splice(0);
}

export function testStarted(): void {
  inTest = true;
}

async function releaseAll(list: Release[]): Promise<void> {
  const errors: unknown[] = [];
  for (const release of list.splice(0).reverse()) {
    try {
      await release();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length) throw new AggregateError(errors, 'releasing test resources failed');
}

export async function testEnded(): Promise<void> {
  inTest = false;
  await releaseAll(perTest);
}

export async function fileEnded(): Promise<void> {
  await releaseAll(perFile);
}
