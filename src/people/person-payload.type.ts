import { Field, ObjectType } from "type-graphql";
import { WriteResult } from "../graphql/write-result.type";
import { Person } from "./person.entity";

@ObjectType("PersonPayload", { simpleResolvers: true, description: "The person as the change left it." })
export class PersonPayload extends WriteResult {
  @Field(() => Person, { description: "The created or updated person." })
  person: Person;

  @Field({ description: "True when the slug was new and the person was created; false when it was updated (or already as given)." })
  created: boolean;
}
