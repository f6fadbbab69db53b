import { ObjectType } from "type-graphql";
import { ConnectionType, EdgeType } from "../graphql/connection";
import { scanOf } from "../graphql/scan";
import { Person } from "./person.entity";

@ObjectType("PersonEdge", { simpleResolvers: true, description: "A person on a page, with the cursor that points at it." })
export class PersonEdge extends EdgeType(Person, "person") {}

@ObjectType("PersonConnection", { simpleResolvers: true, description: "A page of people in slug order, with keyset cursors." })
export class PersonConnection extends ConnectionType(Person, PersonEdge, "people", scanOf("people")) {}
