/**
 * Self time of a V8 `.cpuprofile` (what `node --cpu-prof` writes) per package: where a startup's CPU goes, in a few
 * lines instead of a flame chart. Top-level module code counts for its own package; resolving, reading and compiling
 * module files shows up as Node's module loader.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the system's monotonic clock (the one `process.hrtime` reads, on Linux). */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * The bucket a function counts for on its own: V8's states ("(garbage collector)", "(idle)", "(program)"), Node's
 * module loader, a package, a file of this package's dist/; undefined for natives (fs bindings, JSON.parse) and the
 * rest of Node's internals (URL, path, realpath, the CJS lexer), which count for whoever called them.
 */
function ownBucket({ functionName, url }: ProfileNode["callFrame"]): string | undefined {
  if (url === "") return functionName.startsWith("(") && functionName !== "(root)" ? functionName : undefined;
  if (url.startsWith("node:internal/modules/")) return "node: module loader";
  if (url.startsWith("node:")) return undefined;
  const inModules = url.lastIndexOf("/node_modules/");
  if (inModules !== -1) {
    const parts = url.slice(inModules + "/node_modules/".length).split("/");
    return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const inDist = url.indexOf("/dist/");
  if (inDist !== -1) return `this package: dist/${url.slice(inDist + "/dist/".length).split("/")[0]}`;
  return url;
}

/** Bucket of every node: its own, else its nearest caller's (so the loader's stat/read/URL work is loader time). */
function bucketsById(nodes: readonly ProfileNode[]): Map<number, string> {
  const parentOf = new Map<number, ProfileNode>();
  for (const node of nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  const buckets = new Map<number, string>();
  for (const node of nodes) {
    let bucket: string | undefined;
    for (let frame: ProfileNode | undefined = node; frame !== undefined && bucket === undefined; frame = parentOf.get(frame.id)) bucket = ownBucket(frame.callFrame);
    buckets.set(node.id, bucket ?? "node: other internals");
  }
  return buckets;
}

/** Self milliseconds per bucket for the samples up to `untilUs` (all when it is outside the profile), largest first. */
export function summarizeCpuProfile(profile: CpuProfile, untilUs: number, top: number): Record<string, unknown> {
  const cut = untilUs > profile.startTime && untilUs <= profile.endTime;
  const bucketById = bucketsById(profile.nodes);
  const selfUs = new Map<string, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    if (cut && at > untilUs) break;
    const bucket = bucketById.get(profile.samples[i]!)!;
    selfUs.set(bucket, (selfUs.get(bucket) ?? 0) + profile.timeDeltas[i]!);
  }
  const ms = (us: number) => Math.round(us / 100) / 10;
  const sorted = [...selfUs].sort((a, b) => b[1] - a[1]);
  const profiledUs = sorted.reduce((sum, [, us]) => sum + us, 0);
  return {
    profiledMs: ms(profiledUs),
    cutAtReady: cut,
    idleMs: ms(selfUs.get("(idle)") ?? 0),
    selfMsByPackage: Object.fromEntries(sorted.slice(0, top).map(([bucket, us]) => [bucket, ms(us)])),
  };
}
