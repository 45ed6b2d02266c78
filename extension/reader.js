// The reader view: renders one job (see lib/jobs.js) and follows it while the service works.
import { ext } from "./lib/browser.js";
import { STATES } from "./lib/clean.js";
import { getJob, jobKey } from "./lib/jobs.js";
import { renderMarkdown } from "./lib/markdown.js";
import { REQUEST_TIMEOUT_MS } from "./lib/settings.js";

const $ = (id) => document.getElementById(id);

const FINDINGS = [
  ["consent_banner", "Consent banner"],
  ["paywall", "Paywall"],
  ["adblock_wall", "Ad-block wall"],
];

const LABELS = [
  ["consent", "Consent banner"],
  ["paywall", "Paywall"],
  ["adblock", "Ad-block wall"],
  ["newsletter", "Newsletter"],
  ["advertising", "Advertising"],
  ["navigation", "Navigation"],
  ["social", "Social"],
  ["other", "Other"],
];

const megabytes = (bytes) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

// title, text and which buttons to offer, per state; `job` fills in the particulars.
const STATUS = {
  loading: () => ({ title: "Loading…", text: "" }),
  gone: () => ({
    title: "This reader view has expired",
    text: "Go back to the page and click the linesift button again.",
  }),
  [STATES.WORKING]: (job) => ({
    title: "Cleaning this page…",
    text: `Sending the page to the linesift service at ${job.backendUrl ?? "the configured address"}.`,
  }),
  [STATES.EMPTY]: () => ({
    title: "Nothing found",
    text: "The service kept no article text on this page. What it removed is listed below.",
  }),
  [STATES.UNREACHABLE]: (job) => ({
    title: "The linesift service is unreachable",
    text:
      `Nothing answered at ${job.backendUrl}. Start the service (make run), or set its address in ` +
      "Options. A service on another address must allow this extension's origin (CORS).",
    retry: true,
    options: true,
  }),
  [STATES.KEY_REFUSED]: () => ({
    title: "The service refused the API key",
    text: "Set the key the service expects in Options, then try again.",
    retry: true,
    options: true,
  }),
  [STATES.TOO_LARGE]: (job) => ({
    title: "This page is too large to send",
    text: job.detail?.limit
      ? `Its HTML is ${megabytes(job.bytes)}; the extension sends at most ${megabytes(job.detail.limit)}.`
      : "The service refused the page as too large.",
  }),
  [STATES.RATE_LIMITED]: () => ({
    title: "Too many requests",
    text: "The service asks to slow down. Wait a moment and try again.",
    retry: true,
  }),
  [STATES.UNAVAILABLE]: () => ({
    title: "The service is not ready",
    text: "It is running but cannot clean pages yet (it may still be loading its model).",
    retry: true,
  }),
  [STATES.TIMEOUT]: () => ({
    title: "The service took too long",
    text: "It did not answer in time. Try again, or try a smaller page.",
    retry: true,
  }),
  [STATES.CANNOT_READ]: () => ({
    title: "This page cannot be read",
    text: "The browser does not let extensions read this kind of page (browser pages, the extension store).",
  }),
  [STATES.ERROR]: () => ({ title: "Something went wrong", text: "The service gave an unexpected answer.", retry: true }),
};

function describeDetail(detail) {
  if (!detail) return "";
  const parts = [];
  if (detail.status) parts.push(`HTTP ${detail.status}`);
  if (detail.code) parts.push(detail.code);
  if (detail.message) parts.push(detail.message);
  return parts.join(" · ");
}

function renderStatus(state, job) {
  const describe = STATUS[state];
  const showStatus = describe && state !== STATES.DONE;
  $("status").hidden = !showStatus;
  if (!showStatus) return;
  const { title, text, retry = false, options = false } = describe(job ?? {});
  $("status-title").textContent = title;
  $("status-text").textContent = text;
  const detail = describeDetail(job?.detail);
  $("status-detail").textContent = detail;
  $("status-detail").hidden = !detail;
  $("retry").hidden = !retry;
  $("open-options").hidden = !options;
}

function badge(text, kind, title) {
  const el = document.createElement("span");
  el.className = `badge badge-${kind}`;
  el.textContent = text;
  if (title) el.title = title;
  return el;
}

function renderFindings(page) {
  const box = $("findings");
  box.replaceChildren();
  for (const [key, name] of FINDINGS) {
    const finding = page?.[key];
    if (!finding?.present) continue;
    const kind = key === "paywall" && finding.kind && finding.kind !== "none" ? ` (${finding.kind})` : "";
    const el = badge(`${name}${kind}`, "found", `confidence ${Math.round(finding.confidence * 100)}%`);
    el.dataset.finding = key;
    box.append(el);
  }
  if (box.childElementCount) {
    const intro = document.createElement("span");
    intro.className = "findings-intro";
    intro.textContent = "Removed from this page:";
    box.prepend(intro);
  } else {
    box.append(badge("No consent banner, paywall or ad-block wall", "clear"));
  }
  box.hidden = false;
}

// Presentation only: a short line without closing punctuation reads as a heading.
function isHeading(text) {
  return text.length <= 160 && !/[.!?:;…"”»)]$/.test(text);
}

// The headline: an early kept line that the document title contains ("Headline | Site"), else the
// first line if it reads as a heading. Short heading-like lines above it are its kicker.
function headlineIndex(lines, pageTitle) {
  const title = (pageTitle ?? "").toLowerCase();
  const early = lines.slice(0, 6);
  const inTitle = early.findIndex((text) => text.length >= 12 && title.includes(text.toLowerCase()));
  if (inTitle >= 0 && early.slice(0, inTitle).every(isHeading)) return inTitle;
  return lines.length && isHeading(lines[0]) ? 0 : -1;
}

// In HTML mode the service gives the headline apart from the body: `title`, its line `title_line`,
// not kept.
function isTitleLine(result, line) {
  return result.title != null && line.index === result.title_line;
}

// The article's lines in page order, the headline back in its place.
function articleLines(result) {
  const isTitle = (line) => isTitleLine(result, line);
  if (result.lines?.length) {
    const lines = result.lines.filter((line) => line.keep || isTitle(line));
    return { lines: lines.map((line) => line.text), title: lines.findIndex(isTitle) };
  }
  const body = (result.text ?? "").split("\n").filter((text) => text.trim());
  return result.title != null ? { lines: [result.title, ...body], title: 0 } : { lines: body, title: -1 };
}

// An answer without `markdown`: one element per kept line, the headline found as above, other
// headings guessed from a line's shape.
function lineElements(lines, headline) {
  return lines.map((text, i) => {
    let tag = "p";
    if (i === headline) tag = "h1";
    else if (i < headline) tag = "p";
    else if (isHeading(text) && text.length <= 100) tag = "h2";
    const el = document.createElement(tag);
    if (i < headline) el.className = "kicker";
    el.textContent = text;
    return el;
  });
}

// The publication date as the page wrote it (its first ten characters, YYYY-MM-DD), in the page's
// language: a date is a day, not a moment to move into the reader's time zone.
function formatDate(iso, lang) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? "");
  if (!match) return "";
  const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" }).format(day);
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeZone: "UTC" }).format(day);
  }
}

// Who wrote it, when and for which site (the page's own metadata, HTML only), or null.
function bylineElement(metadata, lang) {
  if (!metadata) return null;
  const authors = (metadata.authors ?? []).join(", ");
  const site = metadata.site_name && !(metadata.authors ?? []).includes(metadata.site_name) ? metadata.site_name : "";
  const parts = [authors, formatDate(metadata.published, lang), site].filter(Boolean);
  if (!parts.length) return null;
  const el = document.createElement("p");
  el.className = "byline";
  el.textContent = parts.join(" · ");
  return el;
}

// The article with the structure the service's Markdown gives it (headings, lists, quotes, code,
// tables; text nodes only, lib/markdown.js), else line by line. Returns how many lines it holds.
function renderArticle(result, pageTitle) {
  const article = $("article");
  const { lines, title } = articleLines(result);
  if (typeof result.markdown === "string" && result.markdown.trim()) {
    article.replaceChildren(renderMarkdown(result.markdown));
  } else {
    article.replaceChildren(...lineElements(lines, title >= 0 ? title : headlineIndex(lines, pageTitle)));
  }
  const lang = result.language && result.language !== "und" ? result.language : undefined;
  const byline = article.childElementCount ? bylineElement(result.metadata, lang) : null;
  if (byline) {
    const headline = article.firstElementChild.localName === "h1" ? article.firstElementChild : null;
    if (headline) headline.after(byline);
    else article.prepend(byline);
  }
  if (lang) article.lang = lang;
  article.hidden = article.childElementCount === 0;
  return lines.length;
}

function renderRemoved(result) {
  const removed = (result.lines ?? []).filter((line) => !line.keep && !isTitleLine(result, line));
  const box = $("removed");
  box.replaceChildren();
  const known = new Set(LABELS.map(([label]) => label));
  const groups = [...LABELS, ...[...new Set(removed.map((l) => l.label))].filter((l) => !known.has(l)).map((l) => [l, l])];
  for (const [label, name] of groups) {
    const lines = removed.filter((line) => line.label === label);
    if (!lines.length) continue;
    const section = document.createElement("section");
    section.className = "removed-group";
    section.dataset.label = label;
    const heading = document.createElement("h3");
    heading.textContent = `${name} (${lines.length})`;
    const list = document.createElement("ol");
    for (const line of lines) {
      const item = document.createElement("li");
      item.value = line.index;
      const confidence = document.createElement("span");
      confidence.className = "confidence";
      confidence.textContent = `${Math.round(line.confidence * 100)}%`;
      item.append(confidence, document.createTextNode(` ${line.text}`));
      list.append(item);
    }
    section.append(heading, list);
    box.append(section);
  }
  $("removed-panel").hidden = removed.length === 0;
  setRemovedOpen(!box.hidden, removed.length);
  return removed.length;
}

function setRemovedOpen(open, count = Number($("toggle-removed").dataset.count)) {
  const toggle = $("toggle-removed");
  toggle.dataset.count = String(count);
  toggle.setAttribute("aria-expanded", String(open));
  toggle.textContent = open ? "Hide removed lines" : `Show removed lines (${count})`;
  $("removed").hidden = !open;
}

function renderMeta(result, kept, removed) {
  const parts = [`${kept} of ${kept + removed} lines kept`];
  if (result.language) parts.push(`language ${result.language}`);
  if (result.model) parts.push(`model ${result.model}`);
  if (typeof result.timing_ms === "number") parts.push(`${Math.round(result.timing_ms)} ms`);
  $("meta").textContent = parts.join(" · ");
  $("meta").hidden = false;
}

// A job left "working" past the request deadline lost its service worker (the browser stopped it):
// say so instead of spinning forever.
const STALE_MS = REQUEST_TIMEOUT_MS + 10_000;
let staleTimer = null;

function watchForStall(job) {
  clearTimeout(staleTimer);
  if (job?.state !== STATES.WORKING) return;
  const age = Date.now() - (job.updatedAt ?? job.startedAt);
  staleTimer = setTimeout(async () => {
    const now = await getJob(job.id);
    if (now?.state === STATES.WORKING && (now.updatedAt ?? now.startedAt) === (job.updatedAt ?? job.startedAt)) {
      render({ ...now, state: STATES.TIMEOUT, detail: { message: "the extension stopped waiting" } });
    }
  }, Math.max(0, STALE_MS - age));
}

function render(job) {
  watchForStall(job);
  const state = job ? job.state : "gone";
  const view = $("view");
  view.dataset.state = state;
  view.setAttribute("aria-busy", String(state === STATES.WORKING));
  if (job?.url) {
    $("source").textContent = job.title || job.url;
    $("source").href = job.url;
    document.title = `${job.title || job.url} · linesift`;
  }
  renderStatus(state, job);
  const result = job?.result;
  const answered = result && (state === STATES.DONE || state === STATES.EMPTY);
  for (const id of ["findings", "article", "removed-panel", "meta"]) $(id).hidden = true;
  if (!answered) return;
  renderFindings(result.page);
  const kept = renderArticle(result, job.title);
  const removed = renderRemoved(result);
  renderMeta(result, kept, removed);
}

async function main() {
  const jobId = new URLSearchParams(location.search).get("job") ?? "";
  $("toggle-removed").addEventListener("click", () => setRemovedOpen($("removed").hidden));
  $("retry").addEventListener("click", () => {
    ext.runtime.sendMessage({ type: "retry", jobId }).catch(() => {});
  });
  ext.storage.onChanged.addListener((changes, area) => {
    const change = changes[jobKey(jobId)];
    if (area === "session" && change) render(change.newValue ?? null);
  });
  render(await getJob(jobId));
}

main();
