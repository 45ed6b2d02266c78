// The service's Markdown answer (`markdown`, asked for with `include_markdown`) as DOM nodes.
// It reads only what the service's classifier/markdown.py writes, not Markdown at large: headings,
// `-` and `1.` lists nested by two spaces, `>` quotes, backtick fences, pipe tables, paragraphs whose
// lines are <br> runs, and a backslash before a line's opening mark. No inline marks, links or HTML:
// every text goes in as a text node, so nothing from the page can run.

// The openings the writer escapes with a backslash (its _BLOCK_MARK).
const BLOCK_MARK = /^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|```|~~~|(?:[-*_=]\s*){3,}$|[-=]+\s*$)/;
const FENCE = /^`{3,}$/;
const HEADING = /^(#{1,6}) (.*)$/;
const ITEM = /^( *)(?:-|(\d{1,9})\.) (.*)$/;
const TABLE_RULE = /^\|(?: --- \|)+$/;

// A line as the page wrote it: the backslash the writer put before its opening mark dropped
// (`1\. x` → `1. x`, `\- x` → `- x`), and only where the writer would have put one.
export function unescapeLine(text) {
  const ordinal = text.replace(/^(\d{1,9})\\(?=[.)])/, "$1");
  if (ordinal !== text) return BLOCK_MARK.test(ordinal) ? ordinal : text;
  return text.startsWith("\\") && BLOCK_MARK.test(text.slice(1)) ? text.slice(1) : text;
}

// An element holding `children`: strings become text nodes, never markup.
function el(doc, tag, ...children) {
  const node = doc.createElement(tag);
  for (const child of children) node.append(typeof child === "string" ? doc.createTextNode(child) : child);
  return node;
}

// A paragraph: its lines (a <br> run in the page), unescaped, with a <br> between them.
function paragraph(doc, lines) {
  const node = doc.createElement("p");
  lines.forEach((line, i) => {
    if (i) node.append(doc.createElement("br"));
    node.append(doc.createTextNode(unescapeLine(line)));
  });
  return node;
}

// A table row's cells: split on the pipes that are not escaped, then `\|` back to `|`.
function cells(row) {
  return row.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.replaceAll("\\|", "|").trim());
}

function table(doc, rows) {
  const [head, , ...body] = rows; // the second row is the `| --- |` rule
  const row = (line, tag) => el(doc, "tr", ...cells(line).map((text) => el(doc, tag, text)));
  const tbody = el(doc, "tbody", ...body.map((line) => row(line, "td")));
  return el(doc, "table", el(doc, "thead", row(head, "th")), tbody);
}

// One run of list lines: items (`- x`, `3. x`, indented two spaces per level) and their next lines.
function lists(doc, lines) {
  const roots = [];
  const open = []; // the lists the current item sits in, outermost first: {indent, list, item}
  const top = () => open.at(-1);
  for (const line of lines) {
    const match = ITEM.exec(line);
    if (!match) {
      // an item's next line (a <br> in the page), indented to the item's text
      top().item.append(doc.createElement("br"), doc.createTextNode(unescapeLine(line.trimStart())));
      continue;
    }
    const [, spaces, number, text] = match;
    const indent = spaces.length;
    const tag = number === undefined ? "ul" : "ol";
    // the item closes the deeper lists, and a list of the other kind at its own depth
    const closed = ({ list, indent: at }) => at > indent || (at === indent && list.localName !== tag);
    while (open.length && closed(top())) open.pop();
    if (!open.length || top().indent < indent) {
      const list = doc.createElement(tag);
      if (number !== undefined && Number(number) !== 1) list.start = Number(number);
      if (open.length) top().item.append(list);
      else roots.push(list);
      open.push({ indent, list, item: null });
    }
    top().item = el(doc, "li", unescapeLine(text));
    top().list.append(top().item);
  }
  return roots;
}

function blocks(doc, lines) {
  const out = [];
  let at = 0;
  const take = (test) => {
    const run = [];
    while (at < lines.length && test(lines[at])) run.push(lines[at++]);
    return run;
  };
  while (at < lines.length) {
    const line = lines[at];
    const heading = HEADING.exec(line);
    if (!line.trim()) {
      at += 1;
    } else if (FENCE.test(line)) {
      at += 1;
      const code = take((next) => next !== line);
      at += 1; // the closing fence
      out.push(el(doc, "pre", el(doc, "code", code.join("\n"))));
    } else if (heading) {
      at += 1;
      out.push(el(doc, `h${heading[1].length}`, unescapeLine(heading[2])));
    } else if (line.startsWith(">")) {
      const inner = take((next) => next.startsWith(">")).map((next) => next.replace(/^> ?/, ""));
      out.push(el(doc, "blockquote", ...blocks(doc, inner)));
    } else if (line.startsWith("|") && TABLE_RULE.test(lines[at + 1] ?? "")) {
      out.push(table(doc, take((next) => next.startsWith("|"))));
    } else if (ITEM.test(line)) {
      out.push(...lists(doc, take((next) => ITEM.test(next) || /^ +\S/.test(next))));
    } else {
      out.push(paragraph(doc, take((next) => next.trim() !== "")));
    }
  }
  return out;
}

// The Markdown as a DocumentFragment of block elements (h1–h6, p, ul, ol, blockquote, pre, table).
export function renderMarkdown(markdown, doc = document) {
  const fragment = doc.createDocumentFragment();
  fragment.append(...blocks(doc, markdown.split("\n")));
  return fragment;
}
