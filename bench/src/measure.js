import { readdir, readFile } from "node:fs/promises";
import autocannon from "autocannon";

/** The resident set size of a process, in MB (Linux: /proc; null elsewhere). */
async function rssMb(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * CPU time a process has used so far, in ms (Linux: /proc/PID/stat utime + stime, in clock ticks
 * of 10 ms; null elsewhere). Divided by the requests served, it is the server's own cost per
 * request, which holds better than req/s on a machine shared with other work.
 */
async function cpuMs(pid) {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces), from field 3 on.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * CPU time used so far by each process of a PostgreSQL server (its postmaster and the
 * postmaster's children: backends and background workers), in ms by pid (Linux; null elsewhere
 * or when the postmaster is not on this machine).
 */
async function databaseCpuMs(postmasterPid) {
  if (!postmasterPid) return null;
  const byPid = new Map();
  let entries;
  try {
    entries = await readdir("/proc");
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(entry) === postmasterPid || Number(fields[1]) === postmasterPid) byPid.set(entry, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return byPid.size > 0 ? byPid : null;
}

/**
 * The pid of the postmaster of a PostgreSQL server on this machine, from the pid of one of its
 * backends (`pg_backend_pid()`): its parent. Null when the server is elsewhere (`local` false)
 * or the process is not a PostgreSQL one.
 */
export async function localPostmasterPid(backendPid, local) {
  if (!local) return null;
  try {
    const stat = await readFile(`/proc/${backendPid}/stat`, "utf8");
    if (!stat.includes("(postgres)")) return null;
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

/**
 * Waits (2 minutes at most) until the database spends less than a tenth of a core: a server's
 * requests that ran past the timeout keep PostgreSQL busy after their run, and would slow the
 * next one (at a million quotes a peer's dashboard runs for tens of seconds).
 */
async function untilQuiet(databasePid) {
  if (!databasePid) return;
  const deadline = Date.now() + 120_000;
  let before = await databaseCpuMs(databasePid);
  while (before !== null && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await databaseCpuMs(databasePid);
    if (cpuBetween(before, after) < 50) return;
    before = after;
  }
}

/** The CPU the server's processes used between two readings, in ms (a process that ended in between is lost: the pools keep theirs open). */
function cpuBetween(before, after) {
  if (before === null || after === null) return null;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Samples a process's RSS every 250 ms until stopped; `stop()` returns the largest sample. */
function sampleRss(pid) {
  let peak = null;
  const timer = setInterval(async () => {
    const mb = await rssMb(pid);
    if (mb !== null && (peak === null || mb > peak)) peak = mb;
  }, 250);
  return {
    stop: async () => {
      clearInterval(timer);
      const last = await rssMb(pid);
      return last !== null && (peak === null || last > peak) ? last : peak;
    },
  };
}

/**
 * Loads one server with one operation for `seconds` (autocannon, `connections` connections, no
 * pipelining) and returns req/s, p50 and p99 latency (ms), failures, and the server's peak RSS.
 * Any error or non-2xx response fails the run (a fast error is no result); a request past the
 * timeout is counted (`timeouts`). It starts once the database is quiet.
 */
export async function loadTest({ url, pid, request, seconds, connections, databasePid = null }) {
  await untilQuiet(databasePid);
  const rss = sampleRss(pid);
  const cpuBefore = await cpuMs(pid);
  const databaseBefore = await databaseCpuMs(databasePid);
  const result = await autocannon({
    url: `${url}${request.path}`,
    method: request.method,
    headers: request.headers,
    body: request.body,
    connections,
    pipelining: 1,
    duration: seconds,
  });
  const peakRssMb = await rss.stop();
  const cpuAfter = await cpuMs(pid);
  const databaseCpu = cpuBetween(databaseBefore, await databaseCpuMs(databasePid));
  // A request that errs fast would pass for throughput: any error fails the run. One that runs past
  // autocannon's timeout (10 s) is only slow: counted, and shown beside the figures.
  const failures = result.errors - result.timeouts + result.non2xx;
  if (failures > 0) throw new Error(`${url}${request.path}: ${result.errors - result.timeouts} errors, ${result.non2xx} non-2xx responses under load`);
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    timeouts: result.timeouts,
    cpuMsPerRequest: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / result.requests.total,
    databaseCpuMsPerRequest: databaseCpu === null ? null : databaseCpu / result.requests.total,
    peakRssMb,
  };
}

export const median = (values) => {
  const sorted = values.filter((v) => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Times every operation on every target, interleaved: for each round and operation the servers
 * run one after another (the first server rotating from round to round), so that drift of the
 * machine (other work, heat, caches) falls on all of them alike. A short warm-up run per server
 * and operation comes first and is not counted. Returns the runs and their medians, keyed
 * operation → target.
 */
export async function timeAll({ targets, operations, fixtures, rounds, seconds, warmupSeconds, connections, databasePid = null, log }) {
  const runs = {};
  for (const operation of operations) {
    runs[operation] = Object.fromEntries(targets.map((target) => [target.key, []]));
    for (const target of targets) {
      if (warmupSeconds > 0) await loadTest({ url: target.url, pid: target.pid, request: target.client.request(operation, fixtures), seconds: warmupSeconds, connections, databasePid });
    }
  }
  for (let round = 0; round < rounds; round++) {
    for (const operation of operations) {
      for (let i = 0; i < targets.length; i++) {
        const target = targets[(i + round) % targets.length];
        const result = await loadTest({ url: target.url, pid: target.pid, request: target.client.request(operation, fixtures), seconds, connections, databasePid });
        runs[operation][target.key].push(result);
        log(`round ${round + 1}/${rounds} ${operation} ${target.key}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, CPU ${result.cpuMsPerRequest?.toFixed(2)} ms/req, database CPU ${result.databaseCpuMsPerRequest?.toFixed(2) ?? "–"} ms/req, RSS ${result.peakRssMb?.toFixed(0)} MB`);
      }
    }
  }
  const medians = {};
  for (const operation of operations) {
    medians[operation] = {};
    for (const target of targets) {
      const list = runs[operation][target.key];
      medians[operation][target.key] = {
        requestsPerSecond: median(list.map((r) => r.requestsPerSecond)),
        p50: median(list.map((r) => r.p50)),
        p99: median(list.map((r) => r.p99)),
        peakRssMb: Math.max(...list.map((r) => r.peakRssMb ?? 0)),
        cpuMsPerRequest: median(list.map((r) => r.cpuMsPerRequest)),
        databaseCpuMsPerRequest: median(list.map((r) => r.databaseCpuMsPerRequest)),
        minRequestsPerSecond: Math.min(...list.map((r) => r.requestsPerSecond)),
        timeouts: list.reduce((sum, r) => sum + (r.timeouts ?? 0), 0),
        maxRequestsPerSecond: Math.max(...list.map((r) => r.requestsPerSecond)),
      };
    }
  }
  return { runs, medians };
}
