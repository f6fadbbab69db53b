/**
 * What a database error says about the connection it came on: one definition, which the reader
 * (whether to drop a connection) and the API (whether to answer 503 SERVICE_UNAVAILABLE) share.
 */

/** An error as the drivers make it: `pg`'s (a SQLSTATE `code`), Node's (a socket's `code`), TypeORM's (a name, a `driverError`). */
type DriverError = { name?: string; code?: string; message?: string; driverError?: { code?: string } } | null | undefined;

/** TypeORM's errors for a connection it let go of (a transaction's, failed under it): what the transaction runs next fails with one. */
const RELEASED_CONNECTION_ERRORS = ["QueryRunnerAlreadyReleasedError", "QueryRunnerProviderAlreadyReleasedError"];

/** Sockets' errors that mean the server is not there. */
const SOCKET_ERRORS = ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOENT"];

/**
 * Whether an error means the database cannot be reached through this connection (it is down,
 * restarting, or unreachable): a socket error, a connection exception (SQLSTATE class 08), the
 * server going away (57P), a connection the driver already let go of.
 */
export function isConnectionLost(error: unknown): boolean {
  const cause = error as DriverError;
  const code = cause?.driverError?.code ?? cause?.code ?? "";
  return (
    SOCKET_ERRORS.includes(code) ||
    code.startsWith("08") ||
    code.startsWith("57P") ||
    RELEASED_CONNECTION_ERRORS.includes(cause?.name ?? "") ||
    /Connection terminated|Connection ended unexpectedly|is not queryable|the database system is (starting up|shutting down|in recovery mode)/.test(cause?.message ?? "")
  );
}

/**
 * Whether a connection that met this error must be dropped: it is lost, or the error carries no
 * SQLSTATE at all (the server did not answer it: a timeout, a closed socket), so nothing says the
 * connection is still in step. A statement the server refused (a missing table, a bad value)
 * leaves it usable: dropping it then would cost the embedded database its one session.
 */
export function mustDropConnection(error: unknown): boolean {
  const code = (error as DriverError)?.code;
  return isConnectionLost(error) || typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code);
}
