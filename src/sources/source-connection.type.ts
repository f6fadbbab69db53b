import { ObjectType } from "type-graphql";
import { ConnectionType, EdgeType } from "../graphql/connection";
import { scanOf } from "../graphql/scan";
import { Source } from "./source.entity";

@ObjectType("SourceEdge", { simpleResolvers: true, description: "A source on a page, with the cursor that points at it." })
export class SourceEdge extends EdgeType(Source, "source") {}

@ObjectType("SourceConnection", { simpleResolvers: true, description: "A page of sources in slug order, with keyset cursors." })
export class SourceConnection extends ConnectionType(Source, SourceEdge, "sources", scanOf("sources")) {}
