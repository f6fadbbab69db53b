/**
 * Apollo Client 4 warns (e.g. "Cache data may be lost …") only in development builds: bundlers
 * pick them with the "development" export condition; plain Node takes globalThis.__DEV__.
 * Imported first, before anything that loads Apollo Client, so that it sees the flag.
 */
globalThis.__DEV__ = true;
