/**
 * A strict well-formedness check for the SVG we generate (XML 1.0 subset: declaration, comments,
 * elements, attributes, text, the five named entities and numeric references). Returns the problems.
 */
export function xmlProblems(doc: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  const name = /^[A-Za-z_:][\w:.-]*$/;
  const badAmp = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  let i = 0;
  if (doc.startsWith('<?xml')) {
    const end = doc.indexOf('?>');
    if (end < 0) return ['unterminated XML declaration'];
    i = end + 2;
  }
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const text = doc.slice(i, lt < 0 ? doc.length : lt);
    if (badAmp.test(text)) problems.push(`bare & in text near ${JSON.stringify(text.slice(0, 40))}`);
    if (text.includes('>')) problems.push(`bare > in text near ${JSON.stringify(text.slice(0, 40))}`);
    if (stack.length === 0 && text.trim() !== '') problems.push(`text outside the root: ${JSON.stringify(text.slice(0, 40))}`);
    if (lt < 0) break;
    if (doc.startsWith('<!--', lt)) {
      const end = doc.indexOf('-->', lt);
      if (end < 0) return [...problems, 'unterminated comment'];
      i = end + 3;
      continue;
    }
    const gt = doc.indexOf('>', lt);
    if (gt < 0) return [...problems, 'unterminated tag'];
    const tag = doc.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const open = stack.pop();
      if (open !== tag.slice(1).trim()) problems.push(`</${tag.slice(1)}> closes <${open ?? 'nothing'}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([^\s]+)([\s\S]*)$/.exec(body);
    if (!m || !name.test(m[1]!)) {
      problems.push(`bad tag <${tag.slice(0, 30)}>`);
      continue;
    }
    let rest = m[2]!.trim();
    const seen = new Set<string>();
    while (rest.length > 0) {
      const a = /^([A-Za-z_:][\w:.-]*)\s*=\s*"([^"]*)"\s*/.exec(rest);
      if (!a) {
        problems.push(`bad attribute in <${m[1]}>: ${rest.slice(0, 30)}`);
        break;
      }
      if (seen.has(a[1]!)) problems.push(`attribute ${a[1]} twice in <${m[1]}>`);
      seen.add(a[1]!);
      if (a[2]!.includes('<') || badAmp.test(a[2]!)) problems.push(`unescaped < or & in ${a[1]} of <${m[1]}>`);
      rest = rest.slice(a[0].length);
    }
    if (stack.length === 0) roots++;
    if (!selfClosing) stack.push(m[1]!);
  }
  if (stack.length > 0) problems.push(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
