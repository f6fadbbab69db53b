import { type DataSource, In } from "typeorm";
import { byIdLoader } from "../common/loader";
import { Person } from "./person.entity";

export function createPersonLoaders(dataSource: DataSource) {
  return {
    personById: byIdLoader((ids) => dataSource.getRepository(Person).findBy({ id: In([...ids]) })),
  };
}
