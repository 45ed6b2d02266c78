// A job is one "Clean this page" run: the service worker writes it, the reader view renders it.
// Jobs live in storage.session (memory only, gone when the browser closes), so a reader tab can be
// reloaded while the service worker sleeps.
import { ext } from "./browser.js";

const PREFIX = "job:";
const KEEP = 20; // older jobs are dropped when a new one starts

export const jobKey = (id) => PREFIX + id;

function newId() {
  return `${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(1))[0].toString(36)}`;
}

async function pruneJobs() {
  const all = await ext.storage.session.get(null);
  const ids = Object.values(all)
    .filter((value) => value && typeof value.id === "string" && all[jobKey(value.id)] === value)
    .sort((a, b) => b.startedAt - a.startedAt)
    .slice(KEEP - 1)
    .map((job) => jobKey(job.id));
  if (ids.length) await ext.storage.session.remove(ids);
}

export async function createJob(fields) {
  await pruneJobs();
  const job = { id: newId(), startedAt: Date.now(), state: "working", ...fields };
  await ext.storage.session.set({ [jobKey(job.id)]: job });
  return job;
}

export async function getJob(id) {
  const stored = await ext.storage.session.get(jobKey(id));
  return stored[jobKey(id)] ?? null;
}

// Replaces the job's outcome fields (state, result, detail) and keeps its identity.
export async function updateJob(id, fields) {
  const job = await getJob(id);
  if (!job) return null;
  const next = { ...job, result: undefined, detail: undefined, ...fields, updatedAt: Date.now() };
  await ext.storage.session.set({ [jobKey(id)]: next });
  return next;
}
