import { type BundleFormat } from "./bundle-reader";
import { type CheckedBundles, checkBundleText } from "./check-bundles";

/** What a worker thread is asked: one bundle given as text (bundle-checker.ts sends it). */
export interface BundleCheckTask {
  name: string;
  text: string;
  format: BundleFormat;
}

/** Checks one bundle on a worker thread (piscina calls the default export with each task). */
export default function checkOnWorker(task: BundleCheckTask): Promise<CheckedBundles> {
  return checkBundleText(task.name, task.text, task.format);
}
