import { In } from "typeorm";
import { type Reader } from "../reader";
import { byIdLoader, groupLoader } from "../common/loader";
import { entityColumns, keyedEntities } from "../common/sql";
import { Company } from "./company.entity";

export function createCompanyLoaders(reader: Reader) {
  return {
    companyById: byIdLoader((ids) => reader.run((manager) => manager.getRepository(Company).findBy({ id: In([...ids]) }))),
    /** The companies a quote mentions, by slug. */
    companiesByQuoteId: groupLoader((quoteIds) =>
      keyedEntities(
        reader,
        Company,
        `SELECT qc.quote_id AS key, ${entityColumns(reader, Company, "c")}
           FROM quote_companies qc JOIN companies c ON c.id = qc.company_id
          WHERE qc.quote_id = ANY($1::uuid[]) ORDER BY qc.quote_id, c.slug`,
        [quoteIds],
      ),
    ),
  };
}
