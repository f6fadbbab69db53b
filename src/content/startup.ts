import { type DataSource } from "typeorm";
import { onPrimary } from "../db/database";
import { type StartOptions } from "../graphql/feature";
import { type Logger } from "../logger";
import { CONTENT_DIR } from "../project";
import { Source } from "../sources/source.entity";
import { findBundleFiles, formatIngestResult, ingestFiles, STARTUP_LOAD } from "./ingest";

/** Loads every bundle of the content folder when the database holds no source yet (LOAD_CONTENT_ON_EMPTY). */
export async function loadContentIfEmpty(dataSource: DataSource, logger: Logger, options: StartOptions): Promise<void> {
  if (!options.loadContentOnEmpty) return;
  if ((await onPrimary(dataSource, (manager) => manager.getRepository(Source).count())) > 0) return;
  const contentDir = options.contentDir ?? CONTENT_DIR;
  const files = await findBundleFiles(contentDir);
  const result = await ingestFiles(dataSource, files, STARTUP_LOAD);
  if (result.errors.length > 0) throw new Error(`the content in ${contentDir} was rejected:\n${formatIngestResult(result)}`);
  logger.info({ files: files.length, warnings: result.warnings.length }, "content loaded into the empty database");
  for (const warning of result.warnings) logger.warn({ warning }, "content warning");
}
