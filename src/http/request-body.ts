import { type IncomingMessage } from "node:http";
import { type Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import contentType from "content-type";
import getRawBody from "raw-body";
import { badInput, type Refusal } from "./refusal";

/** Thrown for a body GraphQL must not see; the endpoint answers it. */
export class BodyRefusal extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The decoders of the Content-Encodings a client may send a body in. */
const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = { gzip: createGunzip, deflate: createInflate, br: createBrotliDecompress };

/**
 * The JSON body of a request to /graphql: an object (one operation) or an array (a batch).
 * Undefined when the request says it carries no JSON (GraphQL then answers what is missing).
 * Refused (a {@link BodyRefusal}, status 4xx, `argumentPath: "body"`) when it is over
 * `maxBytes` once decompressed, not UTF-8 (saying at which byte), or not a JSON object or array.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = mediaType(req);
  if (type === undefined || (type.type !== "application/json" && !type.type.endsWith("+json"))) return undefined;
  const charset = type.parameters.charset?.toLowerCase();
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    throw refused(415, `the request body must be UTF-8; its charset is ${JSON.stringify(charset)}`);
  }
  const text = decodeUtf8(await readBytes(req, maxBytes));
  // Only an object or an array may start the body (as express.json's strict mode): `null`, a
  // number or a string is not a GraphQL request.
  const first = /\S/.exec(text)?.[0];
  if (first === undefined) return undefined;
  if (first !== "{" && first !== "[") throw refused(400, "the request body is not valid JSON: it must be an object or an array of objects");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw refused(400, `the request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** The request's Content-Type, undefined when it has none or an unreadable one. */
function mediaType(req: IncomingMessage): contentType.ParsedMediaType | undefined {
  if (req.headers["content-type"] === undefined) return undefined;
  try {
    const parsed = contentType.parse(req);
    return { type: parsed.type.toLowerCase(), parameters: parsed.parameters };
  } catch {
    return undefined;
  }
}

/** The body's bytes, decompressed, at most `maxBytes` of them. */
async function readBytes(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  const decoder = DECODERS[encoding];
  if (decoder === undefined && encoding !== "identity") throw refused(415, `the request body's content encoding ${JSON.stringify(encoding)} is not one of gzip, deflate, br`);
  const stream = decoder === undefined ? req : inflated(req, decoder());
  try {
    // The declared length is checked up front only when the bytes are not compressed.
    return await getRawBody(stream, { limit: maxBytes, length: decoder === undefined ? req.headers["content-length"] : undefined });
  } catch (error) {
    const { type, status } = error as { type?: string; status?: number };
    if (type === "entity.too.large") throw refused(413, `the request body is over ${maxBytes} bytes`);
    if (decoder !== undefined && status === undefined) throw refused(400, `the request body is not valid ${encoding}: ${(error as Error).message}`);
    if (status !== undefined && status >= 400 && status < 500) throw refused(status, `the request body could not be read: ${(error as Error).message}`);
    throw error;
  }
}

/** The request's bytes through a decoder; a client that goes away mid-body fails the decoder too, rather than leave it waiting. */
function inflated(req: IncomingMessage, decoder: NodeJS.ReadWriteStream): Readable {
  req.once("close", () => {
    if (!req.complete) (decoder as unknown as Readable).destroy(new Error("the client went away before the end of the body"));
  });
  return req.pipe(decoder) as unknown as Readable;
}

/**
 * Reads what is left of a refused body, so that the refusal reaches a client still sending it
 * (an answer before the end of the body would reset the connection under it).
 */
export async function drain(req: IncomingMessage): Promise<void> {
  req.unpipe();
  if (req.complete || req.destroyed) return;
  req.resume();
  await finished(req).catch(() => undefined);
}

/** The body as text; refused, saying at which byte, when it is not UTF-8 (JSON.parse would quietly store U+FFFD). */
function decodeUtf8(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw refused(400, `the request body is not valid UTF-8 (at byte ${firstInvalidUtf8Byte(bytes)})`);
  }
}

/** The offset of the first byte that does not begin a whole UTF-8 sequence. */
function firstInvalidUtf8Byte(bytes: Buffer): number {
  let low = 0;
  let high = bytes.length;
  // The longest prefix that decodes (a cut inside a sequence fails too, so step back over it).
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  return low;
}

function refused(status: number, message: string): BodyRefusal {
  return new BodyRefusal(badInput(status, message, "body"));
}
