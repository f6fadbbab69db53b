import { readFile, rm, stat, symlink, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { BENCH_DIR, PROJECT_DIR } from "./paths.js";
import { run } from "./processes.js";

/**
 * Earlier builds of our gateway, for `--steps`: each commit's tree (git archive) in
 * .builds/<commit>, compiled with tsc, its dependencies those of the project when its
 * package-lock.json is the same (a symlink), else installed with npm ci. Kept between runs.
 */
export async function prepareBuild(ref, log) {
  const commit = (await run("git", ["rev-parse", "--verify", `${ref}^{commit}`], { cwd: PROJECT_DIR })).trim();
  const short = commit.slice(0, 7);
  const subject = (await run("git", ["log", "-1", "--format=%s", commit], { cwd: PROJECT_DIR })).trim();
  const root = join(BENCH_DIR, ".builds", short);
  const main = join(root, "dist", "src", "main.js");
  if (!(await stat(main).then(() => true, () => false))) {
    log(`building ${short} (${ref}) in .builds/${short}`);
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    await run("sh", ["-c", `git archive ${commit} | tar -x -C "${root}"`], { cwd: PROJECT_DIR });
    const sameLock = (await readFile(join(root, "package-lock.json"), "utf8")) === (await readFile(join(PROJECT_DIR, "package-lock.json"), "utf8"));
    if (sameLock) await symlink(join(PROJECT_DIR, "node_modules"), join(root, "node_modules"), "dir");
    else await run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, inherit: true });
    await run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: root, inherit: true });
  }
  return { ref, commit: short, subject, root };
}
