/**
 * Folds the unpacked table files of a solution folder (SolutionPackager layout: Entities/<Schema>/
 * Entity.xml with FormXml/ and SavedQueries/ beside it, Other/Relationships/*.xml, AppModules/,
 * AppModuleSiteMaps/) back into customizations.xml, which in a zip embeds every table whole
 * (`<Entities><Entity><Name>…</Name><EntityInfo>…` with its forms and views).
 */
import { fillEmptyElement } from '../xml-text.ts';

const ENTITY = /^Entities\/([^/]+)\/Entity\.xml$/;
const FORM = /^Entities\/([^/]+)\/FormXml\/([a-z]+)\/\{[0-9a-f-]{36}\}\.xml$/;
const VIEW = /^Entities\/([^/]+)\/SavedQueries\/\{[0-9a-f-]{36}\}\.xml$/;
const RELATIONSHIPS = /^Other\/Relationships\/[^/]+\.xml$/;
const APP_MODULE = /^AppModules\/[^/]+\/AppModule\.xml$/;
const SITE_MAP = /^AppModuleSiteMaps\/[^/]+\/AppModuleSiteMap\.xml$/;

/** The files this step consumes. */
export function isTableSource(rel: string): boolean {
  return [ENTITY, FORM, VIEW, RELATIONSHIPS, APP_MODULE, SITE_MAP].some((re) => re.test(rel));
}

function body(xml: string): string {
  return xml.replace(/^\uFEFF?\s*<\?xml[^?]*\?>\s*/, '').trim().replace(/\r\n/g, '\n');
}

/** The children of the root element, dedented by one level. */
function inner(xml: string): string {
  const b = body(xml);
  const open = b.indexOf('>') + 1;
  const close = b.lastIndexOf('</');
  return b.slice(open, close).replace(/^\n/, '').replace(/\s+$/, '').split('\n').map((l) => l.replace(/^ {2}/, '')).join('\n');
}

function indent(text: string, by: string): string {
  return text.split('\n').map((l) => (l ? by + l : l)).join('\n');
}

export function foldTables(customizations: string, files: readonly string[], read: (rel: string) => string): string {
  const entities: string[] = [];
  for (const rel of files) {
    const m = ENTITY.exec(rel);
    if (!m) continue;
    const schema = m[1]!;
    const forms = new Map<string, string[]>();
    const views: string[] = [];
    for (const f of files) {
      const fm = FORM.exec(f);
      if (fm && fm[1] === schema) forms.set(fm[2]!, [...(forms.get(fm[2]!) ?? []), inner(read(f))]);
      const vm = VIEW.exec(f);
      if (vm && vm[1] === schema) views.push(inner(read(f)));
    }
    let entity = inner(read(rel));
    const formXml = forms.size
      ? ['<FormXml>', ...[...forms].map(([type, list]) => [`  <forms type="${type}">`, indent(list.join('\n'), '    '), '  </forms>'].join('\n')), '</FormXml>'].join('\n')
      : '<FormXml />';
    const savedQueries = views.length ? ['<SavedQueries>', '  <savedqueries>', indent(views.join('\n'), '    '), '  </savedqueries>', '</SavedQueries>'].join('\n') : '<SavedQueries />';
    entity = entity.replace('<FormXml />', formXml).replace('<SavedQueries />', savedQueries);
    entities.push(['<Entity>', indent(entity, '  '), '</Entity>'].join('\n'));
  }
  const relationships = files.filter((f) => RELATIONSHIPS.test(f)).map((f) => inner(read(f)));
  const appModules = files.filter((f) => APP_MODULE.test(f)).map((f) => body(read(f)));
  const siteMaps = files.filter((f) => SITE_MAP.test(f)).map((f) => body(read(f)).replace(/<AppModuleSiteMap [^>]*>/, '<AppModuleSiteMap>'));
  let out = customizations;
  if (entities.length) out = fillEmptyElement(out, 'Entities', entities, '  ');
  if (relationships.length) out = fillEmptyElement(out, 'EntityRelationships', relationships, '  ');
  if (siteMaps.length) out = fillEmptyElement(out, 'AppModuleSiteMaps', siteMaps, '  ');
  if (appModules.length) out = fillEmptyElement(out, 'AppModules', appModules, '  ');
  return out;
}
