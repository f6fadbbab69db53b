import { type GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, Extensions, Info, Mutation, Query, Resolver } from "type-graphql";
import { scanOf } from "../graphql/scan";
import { existing } from "../graphql/read/loader";
import { removeUnreferenced, upsertBySlug } from "../db/slugged-writes";
import { RemovedPayload } from "../graphql/write-result.type";
import { toConnection } from "../graphql/connection";
import { SearchablePageArgs } from "../graphql/read/slug-list";
import { type Context } from "../graphql/context";
import { PersonConnection } from "./person-connection.type";
import { Person } from "./person.entity";
import { RemovePersonInput, UpsertPersonInput } from "./person.inputs";
import { PersonPayload } from "./person-payload.type";
import { PEOPLE, personService } from "./person.service";
import { ApiKeyRole } from "../graphql/auth";
import { keyOf } from "../graphql/ids";
import { writeAs } from "../graphql/writes";

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true, description: "A person by slug; null when there is none." })
  person(@Ctx() context: Context, @Arg("slug", { description: "The person's slug, e.g. `jigar-bhati`." }) slug: string, @Info() info: GraphQLResolveInfo): Promise<Person | null> {
    return personService.findBySlug(context, slug, context.prefetch.forField(Person, info));
  }

  @Query(() => PersonConnection, { description: "Everyone, a page at a time, in slug order." })
  @Extensions(scanOf("people", { when: "search" }))
  async people(@Ctx() context: Context, @Args() args: SearchablePageArgs, @Info() info: GraphQLResolveInfo): Promise<PersonConnection> {
    return toConnection(PersonConnection, await personService.page(context, args, context.prefetch.forConnection(Person, info)));
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => PersonPayload, { description: "Creates the person of a slug, or updates it: a field left out stays as it is (EDITOR)." })
  async upsertPerson(@Ctx() context: Context, @Arg("input", () => UpsertPersonInput, { description: "The person." }) input: UpsertPersonInput): Promise<PersonPayload> {
    const { result, auditEventId } = await writeAs(context, "upsertPerson", (manager) => upsertBySlug(manager, PEOPLE, input.slug, input, input.expectedVersion));
    const person = await existing(context.loaders.personById, result.id, "person");
    return Object.assign(new PersonPayload(), { person, created: result.created, auditEventId, warnings: [] });
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => RemovedPayload, { description: "Removes a person; refused with CONFLICT, naming them, while anything refers to it (EDITOR)." })
  async removePerson(@Ctx() context: Context, @Arg("input", () => RemovePersonInput, { description: "The person to remove." }) input: RemovePersonInput): Promise<RemovedPayload> {
    const id = keyOf(input.id, "Person", "input.id");
    const { auditEventId } = await writeAs(context, "removePerson", (manager) => removeUnreferenced(manager, PEOPLE, id, input.expectedVersion));
    return Object.assign(new RemovedPayload(), { removedId: input.id, auditEventId, warnings: [] });
  }
}
