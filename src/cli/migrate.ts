import { runPendingMigrations } from "../db/migrations";
import { runWithDatabase } from "./run-cli";

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
runWithDatabase(async (database) => {
  const applied = await runPendingMigrations(database.dataSource);
  console.log(applied.length > 0 ? `applied: ${applied.join(", ")}` : "no pending migrations");
  return 0;
});
