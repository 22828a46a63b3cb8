/** The non-Node host this is (Deno or Bun), with its version, if any. */
export function foreignHost(): string | undefined {
  const deno = (globalThis as { Deno?: { version?: { deno?: string } } }).Deno;
  if (deno !== undefined) return `Deno ${deno.version?.deno ?? ''}`.trim();
  const bun = process.versions.bun;
  return bun === undefined ? undefined : `Bun ${bun}`;
}
