import { ObjectType } from "type-graphql";
import { ConnectionType, EdgeType } from "../graphql/connection";
import { scanOf } from "../graphql/scan";
import { Company } from "./company.entity";

@ObjectType("CompanyEdge", { simpleResolvers: true, description: "A company on a page, with the cursor that points at it." })
export class CompanyEdge extends EdgeType(Company, "company") {}

@ObjectType("CompanyConnection", { simpleResolvers: true, description: "A page of companies in slug order, with keyset cursors." })
export class CompanyConnection extends ConnectionType(Company, CompanyEdge, "companies", scanOf("companies")) {}
