import { type DataSource, In } from "typeorm";
import { byIdLoader } from "../common/loader";
import { Company } from "./company.entity";

export function createCompanyLoaders(dataSource: DataSource) {
  return {
    companyById: byIdLoader((ids) => dataSource.getRepository(Company).findBy({ id: In([...ids]) })),
  };
}
