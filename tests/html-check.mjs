// html-check.mjs: the HTML validity check every page served by forumd must pass (xmllint's HTML parser plus forumd's own rules).
//
// What it checks, each failure reported as one line:
//  - libxml2's HTML parser (`xmllint --html --noout`) reports no error: mismatched or stray end
//    tags, bad entity references, redefined attributes, invalid characters. Its only false
//    alarms, "Tag X invalid" for HTML5 elements it does not know (main, nav, svg...), are ignored
//    for the HTML5 names listed below and reported for any other name.
//  - the document starts with <!DOCTYPE html>; <html> has a non-empty lang; <meta charset="utf-8">;
//    a non-empty <title>; a <meta name="viewport">.
//  - exactly one <main> and exactly one <h1>; heading levels never skip (h2 then h4).
//  - every non-void element is closed in order (optional end tags such as </li> and </p> are
//    implied where HTML allows), no end tag without a start tag, no self-closed non-void element.
//  - no attribute twice on one element; every id unique; every href="#x" points to an existing id.
//  - every <input> (other than hidden, submit, button, reset, image), <textarea> and <select> has a
//    label: <label for=id>, an enclosing <label>, aria-label or aria-labelledby.
//  - every <img> has an alt attribute; every <a href> and <button> has text or an aria-label.
//  - the CSP holds without exceptions: no inline <script> content, no <style> element, no style=
//    attribute, no on*= event handler, no javascript: URL.
//  - no template residue ({{ or }}) in the output.
// Usage as a program: node tests/html-check.mjs FILE... (exit 1 when a file fails).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta',
	'source', 'track', 'wbr']);
// Elements whose end tag HTML lets a page leave out, closed when an outer end tag arrives.
const OPTIONAL_END = new Set(['li', 'p', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th',
	'thead', 'tbody', 'tfoot', 'colgroup', 'rb', 'rt', 'rp']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
// HTML5 and SVG element names libxml2 2.9 does not know but which are valid.
const HTML5_NAMES = new Set(['main', 'nav', 'header', 'footer', 'article', 'section', 'aside',
	'figure', 'figcaption', 'time', 'mark', 'details', 'summary', 'dialog', 'output', 'progress',
	'meter', 'template', 'picture', 'data', 'search', 'svg', 'path', 'circle', 'rect', 'g',
	'line', 'polyline', 'polygon', 'ellipse', 'title', 'desc', 'defs', 'use', 'symbol', 'text']);
const UNLABELLED_INPUT_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image']);

/* Returns the list of problems in html (empty when the page passes). */
export function checkHtml(html, name = 'page') {
	const errors = [...xmllintErrors(html, name)];
	errors.push(...ownRules(html).map((e) => `${name}: ${e}`));
	return errors;
}

/* Throws an Error listing every problem in html. */
export function assertValidHtml(html, name = 'page') {
	const errors = checkHtml(html, name);
	if (errors.length) throw new Error(`HTML check failed:\n  ${errors.join('\n  ')}`);
}

function xmllintErrors(html, name) {
	const r = spawnSync('xmllint', ['--html', '--noout', '--nonet', '-'], {
		input: html, encoding: 'utf8', maxBuffer: 16 << 20,
	});
	if (r.error) return [`${name}: xmllint could not run (${r.error.message}); install libxml2-utils`];
	const out = [];
	for (const line of r.stderr.split('\n')) {
		const m = /^-:(\d+): HTML parser (error|warning) : (.*)$/.exec(line);
		if (!m) continue;
		const tag = /^Tag (\S+) invalid$/.exec(m[3].trim());
		if (tag && HTML5_NAMES.has(tag[1].toLowerCase())) continue;
		out.push(`${name}:${m[1]}: xmllint: ${m[3].trim()}`);
	}
	return out;
}

/* Splits html into tokens: {type:'start'|'end'|'text'|'comment'|'doctype', name, attrs, line}. */
export function tokenize(html) {
	const tokens = [];
	let i = 0;
	const lineAt = (pos) => html.slice(0, pos).split('\n').length;
	while (i < html.length) {
		const lt = html.indexOf('<', i);
		if (lt < 0) { tokens.push({ type: 'text', text: html.slice(i), line: lineAt(i) }); break; }
		if (lt > i) tokens.push({ type: 'text', text: html.slice(i, lt), line: lineAt(i) });
		if (html.startsWith('<!--', lt)) {
			const end = html.indexOf('-->', lt + 4);
			i = end < 0 ? html.length : end + 3;
			tokens.push({ type: 'comment', line: lineAt(lt) });
			continue;
		}
		if (/^<!doctype/i.test(html.slice(lt, lt + 9))) {
			const end = html.indexOf('>', lt);
			tokens.push({ type: 'doctype', text: html.slice(lt, end + 1), line: lineAt(lt) });
			i = end < 0 ? html.length : end + 1;
			continue;
		}
		const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/
			.exec(html.slice(lt));
		if (!m) {
			tokens.push({ type: 'text', text: '<', line: lineAt(lt) });
			i = lt + 1;
			continue;
		}
		const name = m[2].toLowerCase();
		const line = lineAt(lt);
		i = lt + m[0].length;
		if (m[1]) { tokens.push({ type: 'end', name, line }); continue; }
		const attrs = parseAttrs(m[3]);
		tokens.push({ type: 'start', name, attrs, selfClosed: !!m[4], line });
		if (RAW_TEXT.has(name) && !m[4]) {
			const close = html.toLowerCase().indexOf(`</${name}`, i);
			const stop = close < 0 ? html.length : close;
			tokens.push({ type: 'text', text: html.slice(i, stop), raw: true, line: lineAt(i) });
			i = stop;
		}
	}
	return tokens;
}

function parseAttrs(s) {
	const list = [];
	const re = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
	let m;
	while ((m = re.exec(s))) {
		list.push({ name: m[1].toLowerCase(), value: m[2] ?? m[3] ?? m[4] ?? '' });
	}
	return list;
}

const attr = (t, n) => t.attrs.find((a) => a.name === n)?.value;
const has = (t, n) => t.attrs.some((a) => a.name === n);

function ownRules(html) {
	const errors = [];
	const tokens = tokenize(html);
	const starts = tokens.filter((t) => t.type === 'start');
	const first = tokens.find((t) => t.type !== 'text' || t.text.trim() !== '');
	if (!first || first.type !== 'doctype' || !/^<!doctype html>$/i.test(first.text.replace(/\s+/g, ' ')))
		errors.push('does not start with <!DOCTYPE html>');
	const htmlTag = starts.find((t) => t.name === 'html');
	if (!htmlTag || !(attr(htmlTag, 'lang') ?? '').trim()) errors.push('<html> has no lang');
	if (!starts.some((t) => t.name === 'meta' && /^utf-8$/i.test(attr(t, 'charset') ?? '')))
		errors.push('no <meta charset="utf-8">');
	if (!starts.some((t) => t.name === 'meta' && attr(t, 'name') === 'viewport'))
		errors.push('no <meta name="viewport">');
	const titleIdx = tokens.findIndex((t) => t.type === 'start' && t.name === 'title');
	if (titleIdx < 0 || !(tokens[titleIdx + 1]?.text ?? '').trim()) errors.push('no non-empty <title>');
	for (const el of ['main', 'h1']) {
		const n = starts.filter((t) => t.name === el).length;
		if (n !== 1) errors.push(`${n} <${el}> elements (want exactly 1)`);
	}
	let lastLevel = 0;
	for (const t of starts) {
		const h = /^h([1-6])$/.exec(t.name);
		if (!h) continue;
		const level = Number(h[1]);
		if (lastLevel && level > lastLevel + 1) errors.push(`line ${t.line}: <${t.name}> follows <h${lastLevel}>`);
		lastLevel = level;
	}
	errors.push(...nestingErrors(tokens));
	errors.push(...attributeErrors(starts));
	errors.push(...labelErrors(tokens));
	errors.push(...nameErrors(tokens));
	errors.push(...cspErrors(tokens));
	const residue = /\{\{|\}\}/.exec(html);
	if (residue) errors.push(`template residue "${residue[0]}" at line ${html.slice(0, residue.index).split('\n').length}`);
	return errors;
}

function nestingErrors(tokens) {
	const errors = [];
	const stack = [];
	for (const t of tokens) {
		if (t.type === 'start') {
			if (VOID.has(t.name)) continue;
			if (t.selfClosed && !insideForeign(stack)) {
				errors.push(`line ${t.line}: <${t.name}/> self-closed but not a void element`);
				continue;
			}
			if (t.selfClosed) continue;
			// A new <li>, <p>, <option>... closes an open sibling of the same kind.
			if (OPTIONAL_END.has(t.name) && stack.at(-1)?.name === t.name) stack.pop();
			stack.push(t);
		} else if (t.type === 'end') {
			if (VOID.has(t.name)) { errors.push(`line ${t.line}: end tag </${t.name}> of a void element`); continue; }
			while (stack.length && stack.at(-1).name !== t.name && OPTIONAL_END.has(stack.at(-1).name)) stack.pop();
			if (stack.at(-1)?.name === t.name) { stack.pop(); continue; }
			const open = stack.at(-1);
			errors.push(`line ${t.line}: </${t.name}> ${open ? `while <${open.name}> from line ${open.line} is open` : 'without a start tag'}`);
			const idx = stack.map((s) => s.name).lastIndexOf(t.name);
			if (idx >= 0) stack.length = idx;
		}
	}
	for (const t of stack) {
		if (!OPTIONAL_END.has(t.name) && !['html', 'head', 'body'].includes(t.name))
			errors.push(`line ${t.line}: <${t.name}> never closed`);
	}
	return errors;
}

const insideForeign = (stack) => stack.some((t) => t.name === 'svg' || t.name === 'math');

function attributeErrors(starts) {
	const errors = [];
	const ids = new Map();
	for (const t of starts) {
		const seen = new Set();
		for (const a of t.attrs) {
			if (seen.has(a.name)) errors.push(`line ${t.line}: <${t.name}> has ${a.name}= twice`);
			seen.add(a.name);
		}
		const id = attr(t, 'id');
		if (id === undefined) continue;
		if (!id.trim() || /\s/.test(id)) errors.push(`line ${t.line}: empty or spaced id "${id}"`);
		if (ids.has(id)) errors.push(`line ${t.line}: id "${id}" already used on line ${ids.get(id)}`);
		else ids.set(id, t.line);
	}
	for (const t of starts) {
		const href = attr(t, 'href');
		if (t.name === 'a' && href?.startsWith('#') && href.length > 1 && !ids.has(decodeURIComponent(href.slice(1))))
			errors.push(`line ${t.line}: link to #${href.slice(1)} but no element has that id`);
		if (t.name === 'img' && !has(t, 'alt')) errors.push(`line ${t.line}: <img> without alt`);
	}
	return errors;
}

function labelErrors(tokens) {
	const errors = [];
	const labelFor = new Set();
	for (const t of tokens) if (t.type === 'start' && t.name === 'label' && attr(t, 'for')) labelFor.add(attr(t, 'for'));
	let inLabel = 0;
	for (const t of tokens) {
		if (t.name === 'label') inLabel += t.type === 'start' ? 1 : t.type === 'end' ? -1 : 0;
		if (t.type !== 'start' || !['input', 'textarea', 'select'].includes(t.name)) continue;
		if (t.name === 'input' && UNLABELLED_INPUT_TYPES.has((attr(t, 'type') ?? 'text').toLowerCase())) continue;
		const id = attr(t, 'id');
		const labelled = inLabel > 0 || (id && labelFor.has(id)) ||
			(attr(t, 'aria-label') ?? '').trim() || (attr(t, 'aria-labelledby') ?? '').trim();
		if (!labelled) errors.push(`line ${t.line}: <${t.name} name="${attr(t, 'name') ?? ''}"> has no label`);
	}
	return errors;
}

/* Links and buttons need an accessible name: text, an img alt, aria-label or title. */
function nameErrors(tokens) {
	const errors = [];
	for (let i = 0; i < tokens.length; i++) {
		const t = tokens[i];
		if (t.type !== 'start' || !((t.name === 'a' && has(t, 'href')) || t.name === 'button')) continue;
		if ((attr(t, 'aria-label') ?? '').trim() || (attr(t, 'aria-labelledby') ?? '').trim()) continue;
		let named = false;
		for (let j = i + 1; j < tokens.length; j++) {
			const u = tokens[j];
			if (u.type === 'end' && u.name === t.name) break;
			if (u.type === 'text' && u.text.trim()) { named = true; break; }
			if (u.type === 'start' && u.name === 'img' && (attr(u, 'alt') ?? '').trim()) { named = true; break; }
		}
		if (!named) errors.push(`line ${t.line}: <${t.name}> has no text or aria-label`);
	}
	return errors;
}

function cspErrors(tokens) {
	const errors = [];
	for (let i = 0; i < tokens.length; i++) {
		const t = tokens[i];
		if (t.type !== 'start') continue;
		if (t.name === 'script' && (!has(t, 'src') || (tokens[i + 1]?.raw && tokens[i + 1].text.trim())))
			errors.push(`line ${t.line}: inline <script> (the CSP blocks it)`);
		if (t.name === 'style') errors.push(`line ${t.line}: <style> element (the CSP blocks it)`);
		for (const a of t.attrs) {
			if (a.name === 'style') errors.push(`line ${t.line}: style= attribute on <${t.name}> (the CSP blocks it)`);
			if (/^on[a-z]+$/.test(a.name)) errors.push(`line ${t.line}: ${a.name}= handler on <${t.name}> (the CSP blocks it)`);
			if (['href', 'src', 'action', 'formaction'].includes(a.name) && /^\s*javascript:/i.test(a.value))
				errors.push(`line ${t.line}: javascript: URL in ${a.name}=`);
		}
	}
	return errors;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	let failed = 0;
	for (const file of process.argv.slice(2)) {
		const errors = checkHtml(readFileSync(file, 'utf8'), file);
		if (errors.length) { failed++; console.log(errors.join('\n')); } else console.log(`${file}: ok`);
	}
	process.exit(failed ? 1 : 0);
}
