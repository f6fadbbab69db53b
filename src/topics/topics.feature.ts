import { type Feature } from "../graphql/feature";
import { Topic } from "./topic.entity";
import { createTopicLoaders } from "./topic.loaders";
import { TopicResolver } from "./topic.resolver";

/** Topics: the vocabulary quotes are tagged with. */
export const topicsFeature: Feature = {
  name: "topics",
  entities: [Topic],
  resolvers: [TopicResolver],
  loaders: createTopicLoaders,
  nodes: { Topic: (loaders) => loaders.topicById },
  constraints: { topics_slug_key: { argumentPath: "input.slug", message: "a topic with this slug already exists (written at the same moment by another request)" } },
  revertible: { topics: { key: ["id"], rank: 0 } },
};
