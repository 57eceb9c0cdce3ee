/**
 * Text-level helpers for the solution XML. The packer edits the source XML as text rather than
 * through a DOM round trip so that what a reviewer sees in solution/ is byte for byte what goes into
 * the zip (apart from the documented zip-form differences: no BOM, no declaration, CRLF).
 */
const BOM = '\uFEFF';

/** Zip form: the platform writes solution.xml/customizations.xml without BOM or XML declaration. */
export function toZipXml(source: string): string {
  let s = source.startsWith(BOM) ? source.slice(1) : source;
  s = s.replace(/^\s*<\?xml[^?]*\?>\s*/, '');
  s = stripComments(s);
  return toCrlf(s.trim()) + '\r\n';
}

/** Comments in the sources explain things to maintainers; they have no place in an import file. */
export function stripComments(s: string): string {
  return s.replace(/<!--[\s\S]*?-->\s*/g, '');
}

export function toCrlf(s: string): string {
  return s.replace(/\r\n/g, '\n').replace(/\n/g, '\r\n');
}

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Text of the first `<tag>…</tag>` (no nested tag of the same name expected), or undefined. */
export function elementText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m?.[1] === undefined ? undefined : unescapeXml(m[1].trim());
}

/** Replaces an empty `<tag />` or `<tag></tag>` with the tag wrapping `inner` (already indented). */
export function fillEmptyElement(xml: string, tag: string, inner: string[], indent: string): string {
  const re = new RegExp(`<${tag}\\s*/>|<${tag}>\\s*</${tag}>`);
  if (!re.test(xml)) throw new Error(`<${tag}> must be empty in the source; its content comes from separate files`);
  if (inner.length === 0) return xml.replace(re, `<${tag} />`);
  const body = inner.map((block) => block.split('\n').map((l) => (l ? indent + '  ' + l : l)).join('\n')).join('\n');
  return xml.replace(re, `<${tag}>\n${body}\n${indent}</${tag}>`);
}

/**
 * Adds `inner` blocks at the end of `<tag>` (empty or not), indented one level below `indent`.
 * Generated components (flows, dependencies) join whatever the sources already list.
 */
export function appendToElement(xml: string, tag: string, inner: string[], indent: string): string {
  if (inner.length === 0) return xml;
  const body = inner.map((block) => block.split('\n').map((l) => (l ? indent + '  ' + l : l)).join('\n')).join('\n');
  const empty = new RegExp(`<${tag}\\s*/>|<${tag}>\\s*</${tag}>`);
  if (empty.test(xml)) return xml.replace(empty, `<${tag}>\n${body}\n${indent}</${tag}>`);
  const close = new RegExp(`\\n?[ \\t]*</${tag}>`);
  if (!close.test(xml)) throw new Error(`<${tag}> is missing`);
  return xml.replace(close, `\n${body}\n${indent}</${tag}>`);
}
