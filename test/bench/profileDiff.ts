/**
 * Two CPU profiles of equal windows, each divided by the requests its window served (and, given both windows' CPU
 * milliseconds, scaled to them): µs per request by owner (the package or source file nearest on the stack, as
 * profileSummary.ts counts owners) and by function, largest differences first.
 * Usage: tsx test/bench/profileDiff.ts <a.cpuprofile> <requests of a> <b.cpuprofile> <requests of b> [rows=30] [CPU ms of a] [CPU ms of b]
 */
import { readFileSync } from 'node:fs';

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A package name (the innermost, for a nested one), a source file of ours, a Node module, or a V8 bucket. */
export function moduleOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native/V8)';
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.startsWith('node:')) return url;
  const src = /\/(src|test)\/(.*)$/.exec(url);
  return src ? `${src[1]}/${src[2]}` : url;
}

/** Busy µs per request, by owner or by function; idle time is left out. */
export function perRequest(profile: Profile, requests: number, by: 'owner' | 'function'): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  // Node's own modules and V8 builtins count for the nearest code on the stack that called them.
  const ownerOf = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const url = byId.get(at)!.callFrame.url;
      if (url !== '' && !url.startsWith('node:')) return moduleOf(url, '');
    }
    const frame = byId.get(id)!.callFrame;
    return moduleOf(frame.url, frame.functionName);
  };
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') return;
    const key = by === 'owner' ? ownerOf(id) : `${frame.functionName || '(anonymous)'}  ${moduleOf(frame.url, frame.functionName)}:${frame.lineNumber + 1}`;
    out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / requests);
  });
  return out;
}

/** A profiled window: its requests and, when known, the CPU milliseconds the process used over it. */
export interface WindowProfile {
  file: string;
  requests: number;
  cpuMs?: number | undefined;
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);

/**
 * With the window's CPU time known, each entry is its share of the profile times the CPU per request: a process
 * sharing its core is sampled in bursts, and the gaps while the other one ran fall on whatever was running last.
 */
function scaledToCpu(m: Map<string, number>, window: WindowProfile): Map<string, number> {
  const busy = sum(m);
  if (window.cpuMs === undefined || busy === 0) throw new Error(`${window.file}: no CPU time or no samples to scale`);
  const factor = (window.cpuMs * 1000) / window.requests / busy;
  return new Map([...m].map(([key, value]) => [key, value * factor]));
}

export function profileDiff(a: WindowProfile, b: WindowProfile, rows = 30): string {
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const [pa, pb] = [read(a.file), read(b.file)];
  const lines: string[] = [];
  // Both scaled or neither: one side in CPU time and the other in sampled time would not compare.
  const scaled = a.cpuMs !== undefined && b.cpuMs !== undefined;
  const what = scaled ? 'CPU' : 'busy';
  const per = (profile: Profile, window: WindowProfile, by: 'owner' | 'function') => {
    const m = perRequest(profile, window.requests, by);
    return scaled ? scaledToCpu(m, window) : m;
  };
  for (const by of ['owner', 'function'] as const) {
    const [ma, mb] = [per(pa, a, by), per(pb, b, by)];
    lines.push(`\n  ${what} µs per request by ${by}: ${sum(ma).toFixed(1)} → ${sum(mb).toFixed(1)} (${(sum(mb) - sum(ma)).toFixed(1)} more)`);
    const keys = [...new Set([...ma.keys(), ...mb.keys()])];
    const delta = (key: string) => (mb.get(key) ?? 0) - (ma.get(key) ?? 0);
    for (const key of keys.sort((x, y) => Math.abs(delta(y)) - Math.abs(delta(x))).slice(0, rows)) {
      lines.push(`  ${(ma.get(key) ?? 0).toFixed(2).padStart(8)} ${(mb.get(key) ?? 0).toFixed(2).padStart(8)} ${delta(key).toFixed(2).padStart(8)}  ${key}`);
    }
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [fa, ra, fb, rb, rows, ca, cb] = process.argv.slice(2);
  if (!fa || !ra || !fb || !rb) throw new Error('usage: profileDiff.ts <a.cpuprofile> <requests> <b.cpuprofile> <requests> [rows] [CPU ms of a] [CPU ms of b]');
  const cpu = (raw: string | undefined) => (raw === undefined ? undefined : Number(raw));
  console.log(profileDiff({ file: fa, requests: Number(ra), cpuMs: cpu(ca) }, { file: fb, requests: Number(rb), cpuMs: cpu(cb) }, Number(rows ?? 30)));
}
