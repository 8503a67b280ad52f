/**
 * Summarises a `.cpuprofile` (from `BENCH_PROFILE_DIR=… npm run bench`): self time by function and by module.
 * Usage: tsx test/bench/profileSummary.ts <file.cpuprofile> [top=30] [fn1,fn2,…: inclusive time of these functions]
 */
import { readFileSync } from 'node:fs';
import { moduleOf, type Profile } from './profileDiff.ts';

const [file, topArg, inclusiveArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profileSummary.ts <file.cpuprofile> [top]');
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const functions = new Map<string, number>();
const modules = new Map<string, number>();
let total = 0;
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const mod = moduleOf(url, functionName);
  total += us;
  modules.set(mod, (modules.get(mod) ?? 0) + us);
  const key = `${functionName || '(anonymous)'}  ${mod}:${lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
}

const print = (title: string, entries: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
};
// By owner: each sample counts for the nearest frame outside Node's own modules (a package or a source file), so
// a syscall or a V8 builtin counts for the code that asked for it. Start-up (module loading) is left out.
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const owners = new Map<string, number>();
for (const [id, us] of selfUs) {
  let owner = moduleOf(byId.get(id)?.callFrame.url ?? '', byId.get(id)?.callFrame.functionName ?? '');
  let loading = false;
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const url = byId.get(at)?.callFrame.url ?? '';
    if (url.startsWith('node:internal/modules') || url.includes('/tsx/dist/')) loading = true;
    if (url !== '' && !url.startsWith('node:')) {
      owner = moduleOf(url, '');
      break;
    }
  }
  const key = loading ? '(start-up: module loading)' : owner;
  owners.set(key, (owners.get(key) ?? 0) + us);
}

console.log(`total sampled: ${(total / 1000).toFixed(0)} ms`);
print('self time by module', modules);
print('self time by owner (Node internals and V8 builtins count for the package or file that called them)', owners);
print('self time by function', functions);

// Inclusive time: a sample counts for a named function when that function is anywhere on its stack.
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const wanted = (inclusiveArg ?? '').split(',').filter(Boolean);
if (wanted.length > 0) {
  const inclusive = new Map<string, number>(wanted.map((name) => [name, 0]));
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)?.callFrame.functionName ?? '';
      if (inclusive.has(name) && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + us);
      }
    }
  }
  const busy = total - (modules.get('(idle)') ?? 0);
  console.log('\ninclusive time of named functions (share of busy time)');
  for (const [name, us] of inclusive) console.log(`${((us / busy) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
}
