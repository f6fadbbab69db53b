import { type DataSource, In } from "typeorm";
import { byIdLoader } from "../common/loader";
import { Source } from "./source.entity";

export function createSourceLoaders(dataSource: DataSource) {
  return {
    sourceById: byIdLoader((ids) => dataSource.getRepository(Source).findBy({ id: In([...ids]) })),
  };
}
