import { createHash } from "node:crypto";
import { QueryFailedError } from "typeorm";
import { CLI_INGEST, ingestFiles } from "../../src/content/ingest";
import { MIGRATIONS } from "../../src/db/database";
import { sampleBundle, snapshot, writeBundle } from "../support/bundles";
import { type TestDatabase, openTestDatabase } from "../support/test-database";

/**
 * The data model's invariants hold in the database itself, whatever writes: these tests go
 * around the importer with plain SQL and expect the database to refuse.
 */
let db: TestDatabase;
let sourceId: string;
let personId: string;
let companyId: string;
let quoteId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  const result = await ingestFiles(db.dataSource, [await writeBundle(sampleBundle("constraints"))], CLI_INGEST);
  expect(result.errors).toEqual([]);
  [{ id: sourceId }] = await db.dataSource.query<[{ id: string }]>(`select id from sources where slug = 'constraints'`);
  [{ id: personId }] = await db.dataSource.query<[{ id: string }]>(`select id from people where slug = 'ada-example'`);
  [{ id: companyId }] = await db.dataSource.query<[{ id: string }]>(`select id from companies where slug = 'acme'`);
  [{ id: quoteId }] = await db.dataSource.query<[{ id: string }]>(`select id from quotes where text = 'Small teams move fast.'`);
});

afterAll(async () => {
  await db.close();
});

/** Runs SQL that must fail on `constraint`, and checks that no row changed. */
async function expectRefused(sql: string, parameters: unknown[], constraint: string): Promise<void> {
  const before = await snapshot(db.dataSource);
  const error = await db.dataSource.query(sql, parameters).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(QueryFailedError);
  expect((error as QueryFailedError & { driverError: { constraint?: string } }).driverError.constraint).toBe(constraint);
  expect(await snapshot(db.dataSource)).toEqual(before);
}

const insertQuote = `insert into quotes (source_id, speaker_id, text, span_start, span_end, prefix, suffix)
  values ($1, $2, $3, $4, $5, $6, $7)`;

describe("quotes", () => {
  it("refuses a text that differs from the body at its span", async () => {
    await expectRefused(insertQuote, [sourceId, personId, "Ada Example", 1, 12, "A", " talks about music 🎵 and code. E"], "quotes_text_matches_body");
  });

  it("refuses a span past the end of the body", async () => {
    await expectRefused(insertQuote, [sourceId, personId, "x", 100000, 100001, "", ""], "quotes_text_matches_body");
  });

  it("refuses prefix or suffix that are not the characters around the span", async () => {
    await expectRefused(insertQuote, [sourceId, personId, "Ada", 0, 3, "", "nope"], "quotes_text_matches_body");
  });

  it("counts spans in code points, astral characters included", async () => {
    const [{ body }] = await db.dataSource.query<[{ body: string }]>(`select body from sources where id = $1`, [sourceId]);
    const points = [...body];
    const start = points.indexOf("🎵") + 2; // "and", after "🎵 "
    const around = (from: number, to: number) => [points.slice(Math.max(0, from - 32), from).join(""), points.slice(to, to + 32).join("")];
    expect(points.slice(start, start + 3).join("")).toBe("and");
    const rollBack = new Error("roll back");
    await expect(
      db.dataSource.transaction(async (manager) => {
        await manager.query(insertQuote, [sourceId, personId, "and", start, start + 3, ...around(start, start + 3)]);
        throw rollBack;
      }),
    ).rejects.toBe(rollBack);
    // UTF-16 offsets are one further along after the emoji: refused.
    const utf16Start = body.indexOf("and code");
    expect(utf16Start).toBe(start + 1);
    await expectRefused(insertQuote, [sourceId, personId, "and", utf16Start, utf16Start + 3, ...around(utf16Start, utf16Start + 3)], "quotes_text_matches_body");
  });

  it("refuses an update that moves the span off its text", async () => {
    await expectRefused(`update quotes set span_start = span_start + 1 where id = $1`, [quoteId], "quotes_text_matches_body");
  });

  it("checks every row of a statement: one wrong quote among right ones refuses them all, naming its span", async () => {
    const [{ body }] = await db.dataSource.query<[{ body: string }]>(`select body from sources where id = $1`, [sourceId]);
    const points = [...body];
    const quoteAt = (start: number, end: number, text = points.slice(start, end).join("")) => [
      text,
      start,
      end,
      points.slice(Math.max(0, start - 32), start).join(""),
      points.slice(end, end + 32).join(""),
    ];
    const right = quoteAt(0, 3);
    const alsoRight = quoteAt(4, 11);
    const wrong = quoteAt(20, 27, "not it!");
    const statement = `insert into quotes (source_id, speaker_id, text, span_start, span_end, prefix, suffix)
      select $1, $2, * from unnest($3::text[], $4::int[], $5::int[], $6::text[], $7::text[])`;
    const columns = (quotes: unknown[][]) => [0, 1, 2, 3, 4].map((i) => quotes.map((quote) => quote[i]));
    // The right rows alone are accepted (rolled back), so the refusal below is the wrong row's.
    const rollBack = new Error("roll back");
    await expect(
      db.dataSource.transaction(async (manager) => {
        await manager.query(statement, [sourceId, personId, ...columns([right, alsoRight])]);
        throw rollBack;
      }),
    ).rejects.toBe(rollBack);
    await expectRefused(statement, [sourceId, personId, ...columns([right, wrong, alsoRight])], "quotes_text_matches_body");
    await expect(db.dataSource.query(statement, [sourceId, personId, ...columns([right, wrong, alsoRight])])).rejects.toThrow("quote text differs from the body at its span [20, 27)");
  });

  it("checks every row an update changes: one moved off its text refuses the statement", async () => {
    const [{ quotes }] = await db.dataSource.query<[{ quotes: number }]>(`select count(*)::int as quotes from quotes where source_id = $1`, [sourceId]);
    expect(quotes).toBeGreaterThan(1);
    await expectRefused(`update quotes set span_end = span_end + (case when id = $1 then 1 else 0 end) where source_id = $2`, [quoteId, sourceId], "quotes_text_matches_body");
  });

  it("refuses empty or reversed spans", async () => {
    await expectRefused(insertQuote, [sourceId, personId, "", 5, 5, "", ""], "quotes_span_ordered");
  });

  it("keeps a full-text vector of the text, indexed with GIN", async () => {
    const [row] = await db.dataSource.query<[{ matches: boolean }]>(
      `select search @@ websearch_to_tsquery('english', 'teams moving') as matches from quotes where id = $1`,
      [quoteId],
    );
    expect(row.matches).toBe(true);
    const [index] = await db.dataSource.query<[{ indexdef: string }]>(`select indexdef from pg_indexes where indexname = 'quotes_search_idx'`);
    expect(index.indexdef).toMatch(/USING gin \(search\)/);
  });
});

describe("sources", () => {
  it("never change their body in place: a body is its revision's", async () => {
    await expectRefused(`update sources set body = body || ' more' where id = $1`, [sourceId], "sources_body_sha256_matches");
    await expectRefused(
      `update sources set body = body || ' more', body_sha256 = encode(sha256(convert_to(body || ' more', 'UTF8')), 'hex') where id = $1`,
      [sourceId],
      "sources_revision_holds",
    );
    await expectRefused(`update sources set revision = 2 where id = $1`, [sourceId], "sources_revision_holds");
  });

  it("never change a revision, nor remove one that is referred to", async () => {
    await expectRefused(`update source_revisions set note = 'changed' where source_id = $1`, [sourceId], "source_revisions_never_change");
    await expectRefused(`delete from source_revisions where source_id = $1`, [sourceId], "source_revisions_unreferenced");
  });

  it("keep a span that is not ORPHANED in the current revision", async () => {
    const body = "A corrected text.";
    const sha = createHash("sha256").update(body, "utf8").digest("hex");
    await expectRefused(
      `with r as (insert into source_revisions (source_id, number, body, body_sha256) values ($1, 2, $2, $3) returning 1)
       update sources set revision = 2, body = $2, body_sha256 = $3 where id = $1`,
      [sourceId, body, sha],
      "sources_revision_holds",
    );
    await expectRefused(`update quotes set anchor_status = 'ORPHANED', anchor_score = 1 where id = $1`, [quoteId], "quotes_anchor_score_fits");
    await expectRefused(`update quotes set anchor_status = 'FUZZY', anchor_score = 0.9 where id = $1`, [quoteId], "quotes_previous_text_when_fuzzy");
  });

  it("refuse a body that is not NFC, or a SHA-256 that does not match it", async () => {
    const decomposed = "Cafe\u0301";
    const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
    await expectRefused(`insert into sources (slug, title, kind, body, body_sha256) values ('nfc', 't', 'TALK', $1, $2)`, [decomposed, sha(decomposed)], "sources_body_nfc");
    await expectRefused(`insert into sources (slug, title, kind, body, body_sha256) values ('sha', 't', 'TALK', 'text', $1)`, [sha("other")], "sources_body_sha256_matches");
  });

  it("refuse an unknown kind and a malformed slug", async () => {
    const sha = createHash("sha256").update("text", "utf8").digest("hex");
    await expectRefused(`insert into sources (slug, title, kind, body, body_sha256) values ('k', 't', 'BLOG', 'text', $1)`, [sha], "sources_kind_known");
    await expectRefused(`insert into sources (slug, title, kind, body, body_sha256) values ('Bad Slug', 't', 'TALK', 'text', $1)`, [sha], "sources_slug_format");
  });
});

describe("career steps", () => {
  const insertStep = `insert into career_steps (person_id, company_id, source_id, evidence_start, evidence_end,
      start_edtf, start_earliest, start_latest, start_precision, end_edtf, end_earliest, end_latest, end_precision, end_open)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`;
  const year = (edtf: string, from: string, to: string) => [edtf, from, to, "YEAR"];
  const none = [null, null, null, null];

  it("refuse evidence outside the source's body", async () => {
    await expectRefused(insertStep, [personId, companyId, sourceId, 10, 100000, ...none, ...none, false], "career_steps_evidence_in_body");
  });

  it("refuse fuzzy dates with bounds out of order, half-set, or malformed", async () => {
    await expectRefused(insertStep, [personId, companyId, null, null, null, ...year("2020", "2020-12-31", "2020-01-01"), ...none, false], "career_steps_start_bounds_ordered");
    await expectRefused(insertStep, [personId, companyId, null, null, null, "2020", null, null, null, ...none, false], "career_steps_start_complete");
    await expectRefused(insertStep, [personId, companyId, null, null, null, ...year("around 2020", "2020-01-01", "2020-12-31"), ...none, false], "career_steps_start_edtf_format");
  });

  it("refuse an end before the start, and an open end with a date", async () => {
    await expectRefused(insertStep, [personId, companyId, null, null, null, ...year("2020", "2020-01-01", "2020-12-31"), ...year("2018", "2018-01-01", "2018-12-31"), false], "career_steps_ends_after_start");
    await expectRefused(insertStep, [personId, companyId, null, null, null, ...none, ...year("2018", "2018-01-01", "2018-12-31"), true], "career_steps_open_end_has_no_date");
  });
});

describe("the schema", () => {
  it("indexes every foreign key (its columns lead some index)", async () => {
    const unindexed = await db.dataSource.query<Array<{ table: string; columns: string }>>(`
      select c.conrelid::regclass::text as table, c.conkey::text as columns
        from pg_constraint c
       where c.contype = 'f'
         and not exists (
           select 1 from pg_index i
            where i.indrelid = c.conrelid
              and (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] = c.conkey)`);
    expect(unindexed).toEqual([]);
  });

  it("records every migration as applied", async () => {
    const rows = await db.dataSource.query<Array<{ name: string }>>(`select name from migrations order by id`);
    expect(rows.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
  });

  it("refuses unknown api key roles", async () => {
    await expectRefused(
      `insert into api_keys (label, role, key_sha256, key_prefix) values ('ops', 'ROOT', $1, 'ig_abc')`,
      [createHash("sha256").update("k").digest("hex")],
      "api_keys_role_known",
    );
  });
});
